package io.agentry.server.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes the body of a rate-limited request ({@link RateLimitInterceptor#PATHS}) readable twice: once by
 * the rate limiter, which needs the {@code user_id} and {@code agent} a service key acts for before the
 * request runs, and once by the controller. Runs inside {@link RequestSizeLimitFilter}, so the body it
 * buffers is capped; a read failure (such as a body over the cap) is kept and thrown to the controller
 * as it would have been.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class RunBodyCachingFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !RateLimitInterceptor.applies(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new CachedBodyRequest(request), response);
    }

    static final class CachedBodyRequest extends HttpServletRequestWrapper {

        private byte[] body;
        private IOException failure;

        CachedBodyRequest(HttpServletRequest request) {
            super(request);
        }

        synchronized byte[] body() throws IOException {
            if (body == null && failure == null) {
                try {
                    // a body of known length (the usual case) is read into an array of its size
                    int length = getContentLength();
                    body = length >= 0 ? super.getInputStream().readNBytes(length) : super.getInputStream().readAllBytes();
                } catch (IOException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw failure;
            }
            return body;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ByteArrayInputStream in = new ByteArrayInputStream(body());
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already buffered");
                }
            };
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }
}
