package io.agentry.server.tools.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a limit: past it (or at once, when the declared length is past it) the
 * exchange is cancelled and the body fails with {@link TooLargeException}, so an endless or huge answer costs at
 * most the limit.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {

    /** The answer is larger than the limit. */
    static final class TooLargeException extends IOException {
        TooLargeException() {
            super("response too large", null);
        }
    }

    private final long limit;
    private final boolean declaredTooLarge;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    private LimitedBody(long limit, OptionalLong declaredLength) {
        this.limit = limit;
        this.declaredTooLarge = declaredLength.isPresent() && declaredLength.getAsLong() > limit;
    }

    /** A handler whose bodies stop at {@code limit} bytes. */
    static HttpResponse.BodyHandler<byte[]> handler(long limit) {
        return info -> new LimitedBody(limit, info.headers().firstValueAsLong("content-length"));
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (declaredTooLarge) {
            tooLarge();
        } else {
            subscription.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            if (bytes.size() + (long) buffer.remaining() > limit) {
                tooLarge();
                return;
            }
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            bytes.writeBytes(chunk);
        }
    }

    @Override
    public void onError(Throwable error) {
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        body.complete(bytes.toByteArray());
    }

    private void tooLarge() {
        subscription.cancel();
        body.completeExceptionally(new TooLargeException());
    }
}
