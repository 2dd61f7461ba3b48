package io.lokiz.providers.control;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** The statements of {@code provider_spend}: one row per provider request, summed per month. */
public final class SpendTable {

    /** Records a request's cost once: the same request again (a retried poll, a second node) changes nothing. */
    public boolean record(Connection c, UUID jobId, String provider, String requestId, double usd, YearMonth month, Instant now)
            throws SQLException {
        try (var st = c.prepareStatement("""
                INSERT INTO provider_spend (provider, request_id, job_id, cost_usd, month, recorded_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""")) {
            st.setString(1, provider);
            st.setString(2, requestId);
            st.setObject(3, jobId);
            st.setBigDecimal(4, BigDecimal.valueOf(usd).setScale(4, RoundingMode.HALF_UP));
            st.setDate(5, Date.valueOf(month.atDay(1)));
            st.setTimestamp(6, Timestamp.from(now));
            return st.executeUpdate() == 1;
        }
    }

    /**
     * Holds the month's spend still until the caller's transaction ends, so that of two
     * generations recorded at once only one sees the budget crossed, and it does.
     */
    public void lock(Connection c, YearMonth month) throws SQLException {
        try (var st = c.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
            st.setInt(1, "provider_spend".hashCode());
            st.setInt(2, month.getYear() * 100 + month.getMonthValue());
            st.execute();
        }
    }

    /** What each provider cost in {@code month}, in USD. */
    public Map<String, Double> byProvider(Connection c, YearMonth month) throws SQLException {
        var byProvider = new TreeMap<String, Double>();
        try (var st = c.prepareStatement("SELECT provider, sum(cost_usd) FROM provider_spend WHERE month = ? GROUP BY provider")) {
            st.setDate(1, Date.valueOf(month.atDay(1)));
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    byProvider.put(rs.getString(1), rs.getBigDecimal(2).doubleValue());
                }
            }
        }
        return byProvider;
    }
}
