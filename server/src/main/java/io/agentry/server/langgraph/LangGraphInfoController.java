package io.agentry.server.langgraph;

import io.agentry.server.config.ConditionalOnApiRole;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /langgraph/ok} and {@code /langgraph/info}: what LangGraph clients probe before they start. */
@RestController
@ConditionalOnApiRole
// LangGraph's own API reference describes these routes (README, "Use LangGraph clients"); Agentry's OpenAPI
// document is for Agentry's API, whose rules (examples, descriptions) they do not follow
@Hidden
@Tag(name = "LangGraph")
class LangGraphInfoController {

    @Operation(operationId = "langgraphOk", summary = "LangGraph: the API answers")
    @GetMapping(path = "/langgraph/ok", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> ok() {
        return Map.of("ok", true);
    }

    @Operation(operationId = "langgraphInfo", summary = "LangGraph: what this server offers")
    @GetMapping(path = "/langgraph/info", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> info() {
        return Map.of("version", "agentry", "flags", Map.of("assistants", true, "crons", true, "langsmith", false));
    }
}
