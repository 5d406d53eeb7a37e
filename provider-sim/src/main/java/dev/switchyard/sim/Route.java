package dev.switchyard.sim;

import java.io.IOException;

/** What answers the requests under one path. */
interface Route {

    void handle(SimExchange exchange) throws IOException;
}
