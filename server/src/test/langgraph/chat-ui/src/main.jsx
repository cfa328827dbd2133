// A chat page as an application builds one on assistant-ui's LangGraph adapter (the adapter README's
// recipe): the LangGraph SDK's Client creates the thread, streams the run and loads the state; assistant-ui
// renders the messages, the streamed answer and the tool calls. Where the server is and which key to use come
// from the page's query string (?api=<LangGraph API root>&key=<API key>&assistant=<assistant or graph id>).
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { Client } from "@langchain/langgraph-sdk";
import {
  AssistantRuntimeProvider, ComposerPrimitive, MessagePrimitive, ThreadPrimitive,
} from "@assistant-ui/react";
import { useLangGraphRuntime } from "@assistant-ui/react-langgraph";

const params = new URLSearchParams(window.location.search);
const client = new Client({ apiUrl: params.get("api"), apiKey: params.get("key") });
const assistantId = params.get("assistant") ?? "agent";

function ToolCall({ toolName, args, result }) {
  return (
    <div className="tool-call" data-tool={toolName}>
      <div className="tool-name">tool call · {toolName}</div>
      <pre className="tool-args">{JSON.stringify(args)}</pre>
      {result !== undefined && <pre className="tool-result">{typeof result === "string" ? result : JSON.stringify(result)}</pre>}
    </div>
  );
}

function Text({ text }) {
  return <span className="text">{text}</span>;
}

function UserMessage() {
  return (
    <MessagePrimitive.Root className="message user" data-role="user">
      <MessagePrimitive.Parts components={{ Text }} />
    </MessagePrimitive.Root>
  );
}

function AssistantMessage() {
  return (
    <MessagePrimitive.Root className="message assistant" data-role="assistant">
      <MessagePrimitive.Parts components={{ Text, tools: { Fallback: ToolCall } }} />
    </MessagePrimitive.Root>
  );
}

function Chat() {
  const runtime = useLangGraphRuntime({
    stream: async function* (messages, { initialize, abortSignal }) {
      const { externalId } = await initialize();
      yield* client.runs.stream(externalId, assistantId, {
        input: { messages },
        streamMode: ["messages", "updates"],
        signal: abortSignal,
      });
    },
    create: async () => {
      const { thread_id } = await client.threads.create();
      window.__threadId = thread_id; // for the test, to compare with the server's state
      return { externalId: thread_id };
    },
    load: async (externalId) => {
      const state = await client.threads.getState(externalId);
      return { messages: state.values.messages ?? [], interrupts: [] };
    },
  });
  return (
    <AssistantRuntimeProvider runtime={runtime}>
      <ThreadPrimitive.Root className="thread">
        <header>Agentry · assistant-ui · LangGraph SDK</header>
        <ThreadPrimitive.Viewport className="viewport">
          <ThreadPrimitive.Messages components={{ UserMessage, AssistantMessage }} />
        </ThreadPrimitive.Viewport>
        <ComposerPrimitive.Root className="composer">
          <ComposerPrimitive.Input className="input" placeholder="Write a message…" autoFocus />
          <ComposerPrimitive.Send className="send">Send</ComposerPrimitive.Send>
        </ComposerPrimitive.Root>
      </ThreadPrimitive.Root>
    </AssistantRuntimeProvider>
  );
}

createRoot(document.getElementById("root")).render(<StrictMode><Chat /></StrictMode>);
