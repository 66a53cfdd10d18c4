package dev.wsgate.adapter.javawebsocket.internal.upgrade;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Set;
import org.java_websocket.WrappedByteChannel;

/**
 * A plain socket channel that keeps Java-WebSocket's selected-key set from growing with the number
 * of open connections.
 *
 * <p>Java-WebSocket 1.6.0's selector loop removes a key from {@code selector.selectedKeys()} only
 * when it accepts or reads data; a key that was selected only for writing (every connection after
 * its {@code 101}, and after every echo) stays in the set. Every later pass of the loop walks those
 * keys again, calls {@code interestOps} on each, and the JDK ORs fresh readiness into their stale
 * ready sets. With N idle connections each pass costs O(N), so accepting slows down as connections
 * grow. The library offers no hook inside the loop, but it calls {@link #readMore} for every
 * channel whose {@link #isNeedRead} is true <em>after</em> it finished walking the selected keys,
 * on the selector thread. There, clearing the set is what a standard NIO loop does after each pass:
 * the JDK's epoll selector is level-triggered, so a key that is still ready is selected again by
 * the next {@code select()}.
 *
 * <p>A sweep is requested only when a read delivered data while the set holds more than {@link
 * #SWEEP_ABOVE} keys, so a server with few connections pays nothing. Only the selector thread calls
 * {@link #read} and {@link #readMore}; the decoder threads never touch the set.
 */
public final class SweepingChannel implements WrappedByteChannel {
  /** Below this many selected keys the loop's own bookkeeping is cheap enough. */
  public static final int SWEEP_ABOVE = 64;

  private final SocketChannel channel;
  private final SelectionKey key;
  private boolean sweep;

  SweepingChannel(SocketChannel channel, SelectionKey key) {
    this.channel = channel;
    this.key = key;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    int n = channel.read(dst);
    if (n > 0 && key != null) {
      try {
        sweep = key.selector().selectedKeys().size() > SWEEP_ABOVE;
      } catch (ClosedSelectorException e) {
        sweep = false;
      }
    }
    return n;
  }

  @Override
  public boolean isNeedRead() {
    return sweep;
  }

  @Override
  public int readMore(ByteBuffer dst) {
    if (sweep) {
      sweep = false;
      try {
        Set<SelectionKey> selected = key.selector().selectedKeys();
        selected.clear();
      } catch (ClosedSelectorException e) {
        // the server is stopping
      }
    }
    return 0;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    return channel.write(src);
  }

  @Override
  public boolean isNeedWrite() {
    return false;
  }

  @Override
  public void writeMore() {
    // nothing is buffered here
  }

  @Override
  public boolean isBlocking() {
    return channel.isBlocking();
  }

  @Override
  public boolean isOpen() {
    return channel.isOpen();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
