package io.waas.crypto;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A store that can hold one chosen thread inside {@link #read} right after it has read a blob, to
 * force the interleavings a concurrency bug needs.
 */
final class GatedKeysetStore implements KeysetStore {
  private final KeysetStore delegate;
  private volatile @Nullable Thread gatedThread;
  private volatile @Nullable String gatedName;
  final CountDownLatch reached = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);

  GatedKeysetStore(KeysetStore delegate) {
    this.delegate = delegate;
  }

  void gate(Thread thread, String name) {
    this.gatedName = name;
    this.gatedThread = thread;
  }

  @Override
  public Optional<byte[]> read(String name) throws IOException {
    Optional<byte[]> content = delegate.read(name);
    if (Thread.currentThread() == gatedThread && name.equals(gatedName)) {
      gatedThread = null;
      reached.countDown();
      try {
        if (!release.await(30, TimeUnit.SECONDS)) {
          throw new IOException("gate was never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
    return content;
  }

  @Override
  public void write(String name, byte[] content) throws IOException {
    delegate.write(name, content);
  }

  @Override
  public void replaceAndScrub(String name, byte[] content) throws IOException {
    delegate.replaceAndScrub(name, content);
  }

  @Override
  public List<String> list() throws IOException {
    return delegate.list();
  }

  @Override
  public Closeable lock() throws IOException {
    return delegate.lock();
  }
}
