package com.example.tools;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.invocation.InvocationParameters;

/**
 * Tools as LangChain4j @Tool methods: the class is named in the jar's manifest (Agentry-Tool-Classes), one instance
 * is made with the public no-argument constructor, and each @Tool method is a tool.
 */
public class TextTools {

    @Tool(name = "reverse_text", value = "Reverses a text, character by character")
    public String reverse(@P("the text to reverse") String text) {
        return new StringBuilder(text).reverse().toString();
    }

    @Tool(name = "greet_user", value = "Greets the user the run is for")
    public String greet(@P("a greeting, such as Hello") String greeting, InvocationParameters run) {
        // the run's ids come in InvocationParameters: run_id, user_id, session_id, agent
        return greeting + ", " + run.get("user_id") + "!";
    }
}
