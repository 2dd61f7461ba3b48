package io.lokiz.credits.control;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The price list ({@code credit_prices}): credits per job type. Only known types are priced; none is added here. */
public final class PriceTable {

    /** Every job type's price, by type. */
    public Map<String, Integer> all(Connection c) throws SQLException {
        Map<String, Integer> prices = new LinkedHashMap<>();
        try (var st = c.prepareStatement("SELECT job_type, credits FROM credit_prices ORDER BY job_type");
             var rs = st.executeQuery()) {
            while (rs.next()) {
                prices.put(rs.getString(1), rs.getInt(2));
            }
        }
        return prices;
    }

    public void set(Connection c, String jobType, int credits) throws SQLException {
        try (var st = c.prepareStatement("UPDATE credit_prices SET credits = ?, updated_at = now() WHERE job_type = ?")) {
            st.setInt(1, credits);
            st.setString(2, jobType);
            st.executeUpdate();
        }
    }
}
