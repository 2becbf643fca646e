package dev.ngrpo.lab.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Chrome DevTools Protocol connection over one WebSocket ({@code java.net.http}), for tests:
 * commands numbered and answered by number, events kept in arrival order. Commands to a page go
 * through the browser's connection with the session id of {@code Target.attachToTarget}
 * ({@code flatten: true}), so one socket serves the browser and its pages. Every wait is
 * bounded by the timeout the connection was opened with.
 */
final class Cdp implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final Duration timeout;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new ArrayList<>(); // guarded by this
  private WebSocket socket;

  private Cdp(Duration timeout) {
    this.timeout = timeout;
  }

  /** Connects to the DevTools WebSocket at {@code url}. */
  static Cdp connect(URI url, Duration timeout) throws Exception {
    Cdp cdp = new Cdp(timeout);
    cdp.socket = HttpClient.newBuilder().connectTimeout(timeout).build().newWebSocketBuilder()
        .connectTimeout(timeout).buildAsync(url, cdp.new Listener())
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return cdp;
  }

  /**
   * Sends {@code method} with {@code params} (to the page of {@code session}; null for the
   * browser) and returns its result.
   *
   * @throws IllegalStateException when the browser answers with an error
   */
  JsonNode send(String session, String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params == null ? JSON.createObjectNode() : params);
    if (session != null) {
      message.put("sessionId", session);
    }
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    socket.sendText(message.toString(), true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    JsonNode reply = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (reply.has("error")) {
      throw new IllegalStateException(method + " failed: " + reply.get("error"));
    }
    return reply.path("result");
  }

  /** The first event {@code method} of {@code session}, waiting for it when none came yet. */
  synchronized JsonNode awaitEvent(String session, String method) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (JsonNode e : events) {
        if (e.path("method").asText().equals(method)
            && e.path("sessionId").asText().equals(session)) {
          return e;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException("no " + method + " within " + timeout);
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  /** The events of {@code session} so far, in order. */
  synchronized List<JsonNode> events(String session) {
    return events.stream().filter(e -> e.path("sessionId").asText().equals(session)).toList();
  }

  private synchronized void received(JsonNode message) {
    if (message.has("id")) {
      CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asInt());
      if (answer != null) {
        answer.complete(message);
      }
    } else {
      events.add(message);
      notifyAll();
    }
  }

  private void failed(Throwable e) {
    pending.values().forEach(a -> a.completeExceptionally(e));
  }

  @Override
  public void close() {
    if (socket != null) {
      socket.abort();
    }
  }

  /** Reassembles messages that arrive in parts; asks for one message at a time. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder message = new StringBuilder();

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      message.append(data);
      if (last) {
        try {
          received(JSON.readTree(message.toString()));
        } catch (IOException e) {
          throw new UncheckedIOException("not JSON from the browser: " + message, e);
        } finally {
          message.setLength(0);
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      failed(new IllegalStateException("DevTools connection closed: " + statusCode + " "
          + reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      failed(error);
    }
  }
}
