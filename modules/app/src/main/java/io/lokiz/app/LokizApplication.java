package io.lokiz.app;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** All resources of all modules, at the root: {@code /api/...} and {@code /media/...}. */
@ApplicationPath("/")
public class LokizApplication extends Application {
}
