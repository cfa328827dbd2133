package io.agentry.server.tools.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentry.tool.ToolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlTemplateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode args(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    @Test
    void argumentsFillThePathAndTheQueryPercentEncoded() throws Exception {
        UrlTemplate template = UrlTemplate.parse("https://api.example.com/v1/orders/{order_id}/lines?expand={expand}&fixed=yes");
        assertThat(template.variables()).containsExactlyInAnyOrder("order_id", "expand");
        assertThat(template.expand(args("{\"order_id\": \"A 1/2?#&é\", \"expand\": \"x&admin=1\"}"), false))
                .isEqualTo("https://api.example.com/v1/orders/A%201%2F2%3F%23%26%C3%A9/lines?expand=x%26admin%3D1&fixed=yes");
        assertThat(template.expand(args("{\"order_id\": 42, \"expand\": true}"), false))
                .isEqualTo("https://api.example.com/v1/orders/42/lines?expand=true&fixed=yes");
    }

    @Test
    void aDotSegmentCannotClimbThePath() throws Exception {
        UrlTemplate template = UrlTemplate.parse("https://api.example.com/orders/{id}/lines");
        assertThat(template.expand(args("{\"id\": \"..\"}"), false)).isEqualTo("https://api.example.com/orders/%2E%2E/lines");
        assertThat(template.expand(args("{\"id\": \".\"}"), false)).isEqualTo("https://api.example.com/orders/%2E/lines");
        assertThat(template.expand(args("{\"id\": \"../admin\"}"), false)).isEqualTo("https://api.example.com/orders/..%2Fadmin/lines");
    }

    @Test
    void anAbsentQueryArgumentLeavesItsParameterOutAndAListRepeatsIt() throws Exception {
        UrlTemplate template = UrlTemplate.parse("https://api.example.com/search?q={q}&tag={tags}&page={page}");
        assertThat(template.expand(args("{\"q\": \"red shoes\", \"tags\": [\"a\", \"b c\"], \"page\": null}"), false))
                .isEqualTo("https://api.example.com/search?q=red%20shoes&tag=a&tag=b%20c");
        assertThat(template.expand(args("{}"), false)).isEqualTo("https://api.example.com/search");
    }

    @Test
    void withoutABodyTheOtherArgumentsGoInTheQuery() throws Exception {
        UrlTemplate template = UrlTemplate.parse("https://api.example.com/orders/{id}");
        assertThat(template.expand(args("{\"id\": \"7\", \"fields\": [\"a\", \"b\"], \"note\": \"x y\", \"gone\": null}"), true))
                .isEqualTo("https://api.example.com/orders/7?fields=a&fields=b&note=x%20y");
        assertThat(template.expand(args("{\"id\": \"7\", \"note\": \"x y\"}"), false))
                .isEqualTo("https://api.example.com/orders/7");
        assertThatThrownBy(() -> template.expand(args("{\"id\": \"7\", \"filter\": {\"a\": 1}}"), true))
                .isInstanceOf(ToolException.class).hasMessage("argument 'filter' must be a string, number or boolean: it goes in the URL");
    }

    @Test
    void aPathArgumentIsRequiredAndMustBeAScalar() throws Exception {
        UrlTemplate template = UrlTemplate.parse("https://api.example.com/orders/{id}");
        assertThatThrownBy(() -> template.expand(args("{}"), false))
                .isInstanceOf(ToolException.class).hasMessage("missing required argument 'id'");
        assertThatThrownBy(() -> template.expand(args("{\"id\": null}"), false))
                .isInstanceOf(ToolException.class).hasMessage("missing required argument 'id'");
        assertThatThrownBy(() -> template.expand(args("{\"id\": [1]}"), false))
                .isInstanceOf(ToolException.class).hasMessageContaining("must be a string, number or boolean");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://{host}/x | may not have placeholders in its scheme, host or port",
            "https://api.example.com:{port}/x | may not have placeholders in its scheme, host or port",
            "{scheme}://api.example.com/x | may not have placeholders in its scheme, host or port",
            "/orders/{id} | must be an absolute http or https URL",
            "https://api.example.com/x?{name}=1 | may not have placeholders in the names of query parameters",
            "https://api.example.com/x/{id | has a '{' without its '}'",
            "https://api.example.com/x/id} | has a '}' without its '{'",
            "https://api.example.com/x/{a b} | has the placeholder '{a b}'",
            "https://api.example.com/x#{id} | must not have a fragment",
            "https://api.example.com/x y | is not a valid URL"})
    void badTemplatesAreRefusedWithTheReason(String url, String reason) {
        assertThatThrownBy(() -> UrlTemplate.parse(url)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
    }

    @Test
    void theSampleFillsEveryPlaceholder() {
        assertThat(UrlTemplate.parse("http://10.0.0.1:8080/o/{id}?q={q}&flag").sample()).isEqualTo("http://10.0.0.1:8080/o/x?q=x&flag");
    }
}
