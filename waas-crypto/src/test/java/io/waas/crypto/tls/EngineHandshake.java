package io.waas.crypto.tls;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * Drives a client and a server {@link SSLEngine} through a handshake in memory (no sockets) and
 * exchanges one application message, so the engines a policy creates are tested directly. Bounded
 * by a step limit rather than time.
 */
final class EngineHandshake {
  private static final int MAX_STEPS = 1000;

  private EngineHandshake() {}

  static void run(SSLEngine client, SSLEngine server) throws SSLException {
    int packet = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
    int app = Math.max(client.getSession().getApplicationBufferSize(), server.getSession().getApplicationBufferSize());
    ByteBuffer clientToServer = ByteBuffer.allocate(packet * 4);
    ByteBuffer serverToClient = ByteBuffer.allocate(packet * 4);
    ByteBuffer clientApp = ByteBuffer.allocate(app * 2);
    ByteBuffer serverApp = ByteBuffer.allocate(app * 2);
    ByteBuffer message = ByteBuffer.wrap("ping".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    client.beginHandshake();
    server.beginHandshake();
    for (int step = 0; step < MAX_STEPS; step++) {
      boolean clientDone = done(client);
      boolean serverDone = done(server);
      if (clientDone && serverDone && serverApp.position() == 4) {
        return;
      }
      step(client, clientDone ? message : ByteBuffer.allocate(0), clientToServer, serverToClient, clientApp);
      step(server, ByteBuffer.allocate(0), serverToClient, clientToServer, serverApp);
    }
    throw new SSLException("handshake did not finish within " + MAX_STEPS + " steps");
  }

  private static boolean done(SSLEngine e) {
    HandshakeStatus s = e.getHandshakeStatus();
    return s == HandshakeStatus.NOT_HANDSHAKING || s == HandshakeStatus.FINISHED;
  }

  private static void step(SSLEngine engine, ByteBuffer out, ByteBuffer outNet, ByteBuffer inNet, ByteBuffer inApp)
      throws SSLException {
    HandshakeStatus hs = engine.getHandshakeStatus();
    while (hs == HandshakeStatus.NEED_TASK) {
      Runnable task;
      while ((task = engine.getDelegatedTask()) != null) {
        task.run();
      }
      hs = engine.getHandshakeStatus();
    }
    SSLEngineResult r = engine.wrap(out, outNet);
    runTasks(engine, r);
    inNet.flip();
    try {
      while (inNet.hasRemaining()) {
        r = engine.unwrap(inNet, inApp);
        runTasks(engine, r);
        if (r.getStatus() != SSLEngineResult.Status.OK) {
          break;
        }
      }
    } finally {
      inNet.compact();
    }
  }

  private static void runTasks(SSLEngine engine, SSLEngineResult r) {
    if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
      Runnable task;
      while ((task = engine.getDelegatedTask()) != null) {
        task.run();
      }
    }
  }
}
