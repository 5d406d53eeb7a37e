package dev.switchyard.sim;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI- and Anthropic-compatible LLM provider simulator: the provider of the demo, the
 * tests and the benchmarks. It runs on Netty's event loops, and a simulated latency is an entry
 * in a timer wheel, answered on them when due, so ten thousand slow calls cost neither a thread
 * nor a stack each. The benchmarks run it on the cores of what they measure, so it must take
 * little of them: the JDK's own HttpServer, used before, held about 20 KiB of buffers per
 * connection, took a thread per call and used 0.35-0.6 of a core at 3,000 calls a second.
 */
public final class SimServer implements AutoCloseable {

    /** Connections waiting to be accepted: a benchmark opens thousands at once. */
    private static final int BACKLOG = 16_384;
    /** How finely simulated latencies are kept: a tick wakes the timer, not each answer. */
    private static final int TIMER_TICK_MS = 5;
    /** The largest request body taken: far above any prompt a test sends. */
    private static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    private final Channel channel;
    private final EventLoopGroup loops;
    private final Timer timer;
    private final KnobBoard knobs;

    private SimServer(Channel channel, EventLoopGroup loops, Timer timer, KnobBoard knobs) {
        this.channel = channel;
        this.loops = loops;
        this.timer = timer;
        this.knobs = knobs;
    }

    public static SimServer start(String host, int port, Knobs defaults) throws IOException {
        KnobBoard board = new KnobBoard(defaults);
        Behaviour behaviour = new Behaviour(board);
        Map<String, Route> routes = new LinkedHashMap<>();
        routes.put("/v1/chat/completions", new OpenAiHandler(behaviour));
        routes.put("/v1/messages", new AnthropicHandler(behaviour));
        routes.put("/admin/", new AdminHandler(board, defaults));
        routes.put("/health", exchange -> Http.sendJson(exchange, 200, Map.of("status", "UP")));
        HashedWheelTimer timer = new HashedWheelTimer(Thread.ofPlatform().name("provider-sim-timer").daemon().factory(),
                TIMER_TICK_MS, TimeUnit.MILLISECONDS);
        Router router = new Router(routes, timer);
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), NioIoHandler.newFactory());
        try {
            Channel channel = new ServerBootstrap()
                    .group(loops)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, BACKLOG)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel connection) {
                            connection.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY_BYTES), router);
                        }
                    })
                    .bind(host, port).sync().channel();
            return new SimServer(channel, loops, timer, board);
        } catch (Exception e) { // sync() rethrows the bind's own failure, checked or not
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            timer.stop();
            loops.shutdownGracefully();
            throw new IOException("cannot listen on " + host + ":" + port + ": " + e, e);
        }
    }

    private static Map<String, Map<String, Object>> readConfig(Path file) throws IOException {
        return new ObjectMapper(new YAMLFactory()).readValue(file.toFile(), new TypeReference<>() {
        });
    }

    public int port() {
        return address().getPort();
    }

    private InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** The root URL; OpenAI clients take {@code baseUrl() + "/v1"}, Anthropic clients take it as is. */
    public String baseUrl() {
        return "http://" + address().getHostString() + ":" + port();
    }

    public KnobBoard knobs() {
        return knobs;
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        timer.stop();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /**
     * {@code provider-sim [--host H] [--port P] [--config knobs.yaml] [--latency-ms N] [--jitter-ms N] [--error-rate R]}.
     * The config file maps model ids (or {@code _default}) to knobs, e.g.
     * {@code gpt-4o: {latencyMs: 800, errorRate: 0.02}}; flags change the defaults after it.
     */
    public static void main(String[] args) throws IOException {
        String host = "127.0.0.1";
        int port = 0;
        Knobs defaults = Knobs.defaults();
        Map<String, Map<String, Object>> perModel = Map.of();
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--host" -> host = value;
                case "--port" -> port = Integer.parseInt(value);
                case "--config" -> {
                    perModel = readConfig(Path.of(value));
                    defaults = defaults.with(perModel.getOrDefault(KnobBoard.DEFAULT, Map.of()));
                }
                case "--latency-ms" -> defaults = defaults.with(Map.of("latencyMs", Integer.parseInt(value)));
                case "--jitter-ms" -> defaults = defaults.with(Map.of("jitterMs", Integer.parseInt(value)));
                case "--error-rate" -> defaults = defaults.with(Map.of("errorRate", Double.parseDouble(value)));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --host, --port, --config, --latency-ms, --jitter-ms, --error-rate");
            }
        }
        SimServer sim = start(host, port, defaults);
        for (Map.Entry<String, Map<String, Object>> model : perModel.entrySet()) {
            if (!model.getKey().equals(KnobBoard.DEFAULT)) {
                sim.knobs().set(model.getKey(), defaults.with(model.getValue()));
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close, "provider-sim-shutdown"));
        System.out.println("provider-sim listening on " + sim.baseUrl());
    }
}
