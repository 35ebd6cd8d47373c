package io.payloadoffload.spring.app;

import io.payloadoffload.OffloadContext;
import io.payloadoffload.PayloadOffloader;
import java.io.IOException;
import java.util.UUID;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * All the code a user writes for a WebSocket tool server on the starter: a handler that greets each
 * connection with its session id (also its bearer token for fetches) and answers each call with the
 * tool's result ({@link GeneratedText}, the tool itself) through the offloader. The starter does the
 * rest: store, fetch endpoint, sweeper.
 */
@SpringBootApplication
@EnableWebSocket
public class ToolServer implements WebSocketConfigurer {
  private final PayloadOffloader offloader;

  ToolServer(PayloadOffloader offloader) {
    this.offloader = offloader;
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    registry.addHandler(new TextWebSocketHandler() {
      @Override
      public void afterConnectionEstablished(WebSocketSession ws) throws IOException {
        String session = UUID.randomUUID().toString();
        ws.getAttributes().put("session", session);
        ws.sendMessage(new TextMessage("{\"session\":\"" + session + "\"}"));
      }

      @Override
      protected void handleTextMessage(WebSocketSession ws, TextMessage call) throws IOException {
        byte[] result = GeneratedText.of(Integer.parseInt(call.getPayload()));
        OffloadContext context = OffloadContext.of((String) ws.getAttributes().get("session"), "tool");
        ws.sendMessage(new TextMessage(offloader.offload(result, context).transportText()));
      }
    }, "/tools");
  }
}
