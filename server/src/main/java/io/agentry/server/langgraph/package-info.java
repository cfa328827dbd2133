/**
 * The LangGraph Server API under {@code /langgraph} (issue 19), for {@code @langchain/langgraph-sdk} and the chat
 * UIs built on it, mapped onto Agentry's own concepts: assistant = agent ({@code assistants}), thread = session
 * plus a {@link io.agentry.langgraph.ThreadStore} row ({@code threads}), run = background task of the same id
 * ({@code runs}), store = long-term memory ({@code store}). This package holds what the route families share:
 * the acting user, LangChain message objects, a thread's values and a run's status.
 */
package io.agentry.server.langgraph;
