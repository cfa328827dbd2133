package io.agentry.model;

/** What an HTTP status from a model provider means for a run, in words and in whether a retry may help. */
final class HttpStatusReason {

    private HttpStatusReason() {
    }

    static String of(int status) {
        return switch (status) {
            case 400 -> "bad request";
            case 401 -> "authentication failed";
            case 402 -> "payment required";
            case 403 -> "permission denied";
            case 404 -> "not found";
            case 408 -> "request timeout";
            case 409 -> "conflict";
            case 413 -> "request too large";
            case 422 -> "unprocessable request";
            case 429 -> "rate limited";
            case 500 -> "server error";
            case 502 -> "bad gateway";
            case 503 -> "unavailable";
            case 504 -> "gateway timeout";
            case 529 -> "overloaded";
            default -> status >= 500 ? "server error" : "client error";
        };
    }

    /**
     * 408, 409, 429 and 5xx may succeed later; the rest will fail the same way again. A 429 that says the
     * account is out of credit ({@code insufficient_quota}) is not a rate limit and is not retried.
     */
    static boolean isRetriable(int status, String errorCode) {
        if (status == 429) {
            return !"insufficient_quota".equals(errorCode);
        }
        return status == 408 || status == 409 || status >= 500;
    }
}
