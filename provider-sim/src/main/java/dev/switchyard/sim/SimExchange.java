package dev.switchyard.sim;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.Timer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request and its response. A handler reads the request and answers once, whole
 * ({@link #send}) or as server-sent events ({@link #startEvents}), at once or after a simulated
 * latency ({@link #answerAfter}). Everything runs on the connection's event loop, so nothing may
 * block: a call that waits seconds is a timer entry, not a parked thread.
 */
final class SimExchange implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimExchange.class);

    private final ChannelHandlerContext context;
    private final Timer timer;
    private final String method;
    private final String path;
    private final HttpHeaders requestHeaders;
    private final byte[] body;
    private final boolean keepAlive;
    private final HttpHeaders responseHeaders = new DefaultHttpHeaders();
    private boolean answered;
    private boolean streaming;
    private boolean deferred;

    /** An answer written later. */
    interface Reply {
        void send() throws IOException;
    }

    SimExchange(ChannelHandlerContext context, FullHttpRequest request, Timer timer) {
        this.context = context;
        this.timer = timer;
        this.method = request.method().name();
        this.path = new QueryStringDecoder(request.uri()).path();
        this.requestHeaders = request.headers(); // not reference-counted, unlike the body
        this.body = new byte[request.content().readableBytes()];
        request.content().getBytes(request.content().readerIndex(), body);
        this.keepAlive = HttpUtil.isKeepAlive(request);
    }

    String method() {
        return method;
    }

    String path() {
        return path;
    }

    /** Every request header, as {@code name: value; ...}: what a provider that echoes headers sends back. */
    String headersAsText() {
        StringBuilder text = new StringBuilder();
        requestHeaders.forEach(header -> text.append(text.isEmpty() ? "" : "; ").append(header.getKey()).append(": ").append(header.getValue()));
        return text.toString();
    }

    /** A request header, whatever its case; null when absent. */
    String header(String name) {
        return requestHeaders.get(name);
    }

    byte[] body() {
        return body;
    }

    /** Sets a header of the response; call before answering. */
    void setHeader(String name, String value) {
        responseHeaders.set(name, value);
    }

    /** Answers whole, with a Content-Length. */
    void send(int status, String contentType, byte[] content) {
        answered = true;
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(content));
        response.headers().set(responseHeaders)
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.length);
        HttpUtil.setKeepAlive(response, keepAlive);
        finish(response);
    }

    /** Starts a server-sent-events response (chunked); write events with {@link #sendEvent}. */
    void startEvents() {
        answered = true;
        streaming = true;
        DefaultHttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set(responseHeaders)
                .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        HttpUtil.setTransferEncodingChunked(response, true);
        HttpUtil.setKeepAlive(response, keepAlive);
        context.writeAndFlush(response);
    }

    void sendEvent(String event, String data) {
        String frame = (event == null ? "" : "event: " + event + "\n") + "data: " + data + "\n\n";
        context.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(frame.getBytes(StandardCharsets.UTF_8))));
    }

    /**
     * Answers after a delay, on the connection's event loop, and then ends the exchange. The
     * delay is kept by a timer wheel of a few milliseconds' ticks rather than by the event loop:
     * thousands of answers due each second, each at its own millisecond, kept the loop waking
     * (seven epoll calls per answer, half a core).
     */
    void answerAfter(long delayMs, Reply reply) {
        deferred = true;
        Runnable answer = () -> {
            try {
                reply.send();
            } catch (IOException | RuntimeException e) {
                log.warn("{} {} failed: {}", method, path, e.toString());
            } finally {
                close();
            }
        };
        if (delayMs <= 0) {
            answer.run();
        } else {
            timer.newTimeout(timeout -> context.executor().execute(answer), delayMs, TimeUnit.MILLISECONDS);
        }
    }

    /** Whether the answer was left to {@link #answerAfter}, which ends the exchange itself. */
    boolean deferred() {
        return deferred;
    }

    /** Ends an event stream where it is, and answers 500 if the handler gave no answer at all. */
    @Override
    public void close() {
        if (streaming) {
            streaming = false;
            finish(LastHttpContent.EMPTY_LAST_CONTENT);
        } else if (!answered) {
            send(500, "application/json", "{\"error\":\"the simulator gave no answer\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    private void finish(Object last) {
        if (keepAlive) {
            context.writeAndFlush(last);
        } else {
            context.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
