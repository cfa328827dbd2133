package io.agentry.server.models;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A response body whose reads time out: when one read has waited {@code timeout} without a byte, the
 * stream is closed (which releases the connection) and the read fails with {@link HttpTimeoutException}.
 * Time the consumer spends between reads does not count. The JDK's HTTP client has no such limit: its
 * request timeout stops at the response headers, so a provider that stalls mid-answer would hold the
 * call forever.
 *
 * <p>One check is scheduled at a time per stream, on a shared scheduler; it only closes the stream.
 */
final class IdleTimeoutInputStream extends FilterInputStream {

    private static final long IDLE = -1;

    private final Duration timeout;
    private final long timeoutNanos;
    private final ScheduledExecutorService scheduler;
    private volatile long readingSince = IDLE;
    private volatile boolean timedOut;
    private volatile boolean closed;
    private ScheduledFuture<?> check;

    IdleTimeoutInputStream(InputStream in, Duration timeout, ScheduledExecutorService scheduler) {
        super(in);
        this.timeout = timeout;
        this.timeoutNanos = timeout.toNanos();
        this.scheduler = scheduler;
        schedule(timeoutNanos);
    }

    @Override
    public int read() throws IOException {
        begin();
        try {
            return super.read();
        } catch (IOException e) {
            throw translated(e);
        } finally {
            readingSince = IDLE;
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        begin();
        try {
            return super.read(b, off, len);
        } catch (IOException e) {
            throw translated(e);
        } finally {
            readingSince = IDLE;
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        synchronized (this) {
            if (check != null) {
                check.cancel(false);
            }
        }
        super.close();
    }

    private void begin() throws IOException {
        if (timedOut) {
            throw timeoutException();
        }
        readingSince = System.nanoTime();
    }

    private IOException translated(IOException e) {
        return timedOut ? timeoutException() : e;
    }

    private HttpTimeoutException timeoutException() {
        return new HttpTimeoutException("no data from the provider for " + timeout.toMillis() + " ms");
    }

    private void check() {
        if (closed) {
            return;
        }
        long since = readingSince;
        long waited = since == IDLE ? 0 : System.nanoTime() - since;
        if (waited >= timeoutNanos) {
            timedOut = true;
            try {
                super.close();
            } catch (IOException ignored) {
                // closing is how the blocked read is woken; a failure to close changes nothing more
            }
            return;
        }
        schedule(timeoutNanos - waited);
    }

    private synchronized void schedule(long delayNanos) {
        if (!closed) {
            check = scheduler.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
        }
    }
}
