package io.agentry.server.web;

import io.agentry.server.testing.AgentryServerTest;

/** {@link StrictInputContract} on the embedded H2 store. */
@AgentryServerTest
class StrictInputH2Test extends StrictInputContract {
}
