package dev.wsgate.provider.introspection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body of at most {@code max} bytes; a longer one (declared by {@code
 * Content-Length} or found while reading) is refused and its reading cancelled, so that an endpoint
 * cannot make the gate buffer an unbounded answer.
 */
final class CappedBody implements BodySubscriber<byte[]> {
  private final int max;
  private final boolean declaredTooLarge;
  private final CompletableFuture<byte[]> body = new CompletableFuture<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private Flow.Subscription subscription;

  CappedBody(int max, long declaredLength) {
    this.max = max;
    this.declaredTooLarge = declaredLength > max;
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return body;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (declaredTooLarge) {
      tooLarge();
    } else {
      s.request(Long.MAX_VALUE);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (body.isDone()) {
      return;
    }
    for (ByteBuffer b : items) {
      if (out.size() + b.remaining() > max) {
        tooLarge();
        return;
      }
      byte[] chunk = new byte[b.remaining()];
      b.get(chunk);
      out.write(chunk, 0, chunk.length);
    }
  }

  private void tooLarge() {
    subscription.cancel();
    body.completeExceptionally(new ResponseTooLargeException(max));
  }

  @Override
  public void onError(Throwable t) {
    body.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    body.complete(out.toByteArray());
  }

  /** The endpoint answered with more than {@code max-response-bytes}. */
  static final class ResponseTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    ResponseTooLargeException(int max) {
      super("the answer is larger than max-response-bytes (" + max + ")");
    }
  }
}
