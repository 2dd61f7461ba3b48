package io.lokiz.app;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the integration tests proved of the contract, read after all of them ran (the build runs this class in an
 * execution of its own, after the others): every operation, and every status an operation lists, was answered at
 * least once and checked against the document, except the few {@code src/test/contract/unexercised.txt} names with
 * the reason each needs. An answer that stops being exercised fails the build; so does one the list still names
 * after a test came to exercise it, so the list only shrinks.
 */
class ContractCoverageIT {

    static final Path UNEXERCISED = Path.of("src/test/contract/unexercised.txt");

    @Test
    void everyOperationAndEveryStatusItListsWasAnsweredAndChecked() throws IOException {
        Set<String> documented = new TreeSet<>();
        Set<String> operations = new TreeSet<>();
        for (Contract.Route route : Contract.get().routes()) {
            operations.add(route.operationId());
            route.operation().path("responses").propertyNames().forEach(status -> documented.add(route.operationId() + " " + status));
        }
        assertThat(Contract.SEEN).as("the answers the integration tests recorded (run them first)").exists();
        Set<String> seen = new TreeSet<>(Files.readAllLines(Contract.SEEN));
        Map<String, String> unexercised = unexercised();

        assertThat(operations).as("operations no integration test reached")
                .allMatch(operation -> seen.stream().anyMatch(answer -> answer.startsWith(operation + " ")));
        assertThat(unexercised.keySet()).as("unexercised.txt names answers the contract does not list").isSubsetOf(documented);
        assertThat(unexercised.keySet()).as("answers now exercised: take them off unexercised.txt")
                .doesNotContainAnyElementsOf(seen);
        Set<String> missing = documented.stream().filter(answer -> !seen.contains(answer) && !unexercised.containsKey(answer))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(missing).as("documented answers no integration test received (%d of %d seen)", seen.size(), documented.size())
                .isEmpty();
    }

    /** "operationId status  reason" per line; blank lines and lines starting with # are notes. */
    static Map<String, String> unexercised() throws IOException {
        Map<String, String> answers = new LinkedHashMap<>();
        for (String line : Files.readAllLines(UNEXERCISED)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.trim().split("\\s+", 3);
            assertThat(parts).as("a line of unexercised.txt names an operation, a status and why: " + line).hasSize(3);
            answers.put(parts[0] + " " + parts[1], parts[2]);
        }
        return answers;
    }
}
