package io.agentry.server.web;

import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Tomcat's own error answers (a request it refuses before any servlet sees it: a malformed request line,
 * an encoded slash or {@code ..} in the path, a bare CR or NUL in a header, headers over
 * {@code server.max-http-request-header-size}) as problem+json instead of Tomcat's HTML page. Installed as
 * the host's error report valve, so Tomcat adds no other. An answer that already has a body (the API's,
 * the error page's) is left as it is.
 */
final class ProblemErrorReportValve extends ErrorReportValve {

    private final ProblemWriter problems;

    ProblemErrorReportValve(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        if (known == HttpStatus.BAD_REQUEST && headerTooLarge(throwable)) {
            known = HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        }
        try {
            response.setSuspended(false);
            problems.write(response.getResponse(), ApiException.ofStatus(known == null ? HttpStatus.BAD_REQUEST : known));
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot take a body any more: nothing left to tell it
        }
    }

    /** Tomcat answers 400 for headers over the limit; the status that says so is 431 (RFC 6585). */
    private static boolean headerTooLarge(Throwable throwable) {
        for (Throwable t = throwable; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("header is too large")) {
                return true;
            }
        }
        return false;
    }

    @Component
    static final class Installer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

        private final ProblemWriter problems;

        Installer(ProblemWriter problems) {
            this.problems = problems;
        }

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    // the host adds a valve of its error report class only when it has none of that class
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                    host.getPipeline().addValve(new ProblemErrorReportValve(problems));
                }
            });
        }
    }
}
