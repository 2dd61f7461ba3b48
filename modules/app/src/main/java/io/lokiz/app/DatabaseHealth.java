package io.lokiz.app;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** Ready only while PostgreSQL (the queue, the state, everything) answers. */
@Readiness
@ApplicationScoped
public class DatabaseHealth implements HealthCheck {

    @Resource(lookup = "jdbc/lokizDirect")
    DataSource direct;

    @Override
    public HealthCheckResponse call() {
        try (Connection c = direct.getConnection()) {
            return HealthCheckResponse.named("database").status(c.isValid(2)).build();
        } catch (SQLException e) {
            return HealthCheckResponse.named("database").down().withData("error", e.getSQLState() == null ? "unreachable" : e.getSQLState()).build();
        }
    }
}
