package dev.switchyard.sim;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.Timer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands each whole request to the route whose path prefix it matches. */
@ChannelHandler.Sharable
final class Router extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(Router.class);
    private static final byte[] NO_SUCH_ENDPOINT = "{\"error\":\"no such endpoint\"}".getBytes(StandardCharsets.UTF_8);

    /** Path prefix to route, in the order they are tried. */
    private final Map<String, Route> routes;
    private final Timer timer;

    Router(Map<String, Route> routes, Timer timer) {
        this.routes = routes;
        this.timer = timer;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            context.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        SimExchange exchange = new SimExchange(context, request, timer);
        Route route = routes.entrySet().stream().filter(entry -> exchange.path().startsWith(entry.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (route == null) {
            exchange.send(404, "application/json", NO_SUCH_ENDPOINT);
            return;
        }
        try {
            route.handle(exchange);
        } catch (IOException | RuntimeException e) {
            log.warn("{} {} failed: {}", exchange.method(), exchange.path(), e.toString());
        } finally {
            if (!exchange.deferred()) {
                exchange.close();
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        // A client that resets its connection (a timeout on its side) is no news to a simulator.
        context.close();
    }
}
