package io.lokiz.app;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.core.importer.Locations;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module map of README and ARCHITECTURE.md as a check. Modules are found from the packages
 * ({@code io.lokiz.<module>}); a module the map does not name fails (deny by default). A module's
 * root package is its API, every sub-package is its own; modules use only what the map allows and
 * form no cycle. The benchmark is checked like a module. Classes are told apart by package, never
 * by where they were loaded from: {@code mvn test} hands over folders, {@code mvn verify} jars.
 */
class ModuleRulesTest {

    /** Module root package → the modules it may use. */
    static final Map<String, Set<String>> MAY_USE = Map.ofEntries(
            entry("app", Set.of("kernel")), // the assembly: modules meet it through CDI (Chore, SchemaReady), not calls
            entry("generation", Set.of("jobs", "assets", "credits", "analytics", "providers", "webhooks", "provenance", "audit", "media",
                    "storage", "fetch", "kernel")),
            entry("webhooks", Set.of("jobs", "credits", "providers", "audit", "fetch", "kernel")), // observes what they announce; knows no job type
            entry("jobs", Set.of("audit", "kernel")), // the engine knows no job type
            entry("assets", Set.of("media", "storage", "fetch", "kernel")),
            entry("credits", Set.of("audit", "kernel")),
            entry("audit", Set.of("kernel")), // every admin boundary records its actions through AuditTrail
            entry("analytics", Set.of("kernel")),
            entry("providers", Set.of("media", "fetch", "kernel")),
            entry("media", Set.of()),
            entry("provenance", Set.of()), // C2PA manifests; no tables
            entry("storage", Set.of("kernel")),
            entry("fetch", Set.of()),
            entry("kernel", Set.of()),
            entry("testing", Set.of()), // test support: never part of the product
            entry("bench", Set.of("jobs", "media", "provenance", "testing")));

    static final Path BENCH_CLASSES = Path.of("../../bench/target/classes");
    static final Path README = Path.of("../../README.md");

    static JavaClasses lokiz;

    @BeforeAll
    static void importEveryModuleAndTheBenchmark() {
        assertThat(BENCH_CLASSES).as("the benchmark is built before the app (it is in the reactor)").isDirectory();
        Set<Location> locations = new HashSet<>(Locations.ofPackage("io.lokiz"));
        locations.add(Location.of(BENCH_CLASSES));
        lokiz = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importLocations(locations);
    }

    @Test
    void findsEveryModuleOfTheMapAndNoOther() {
        Set<String> found = new TreeSet<>();
        lokiz.forEach(c -> found.add(module(c)));

        assertThat(found).as("modules found in the classes").isEqualTo(new TreeSet<>(MAY_USE.keySet()));
    }

    /** README's module map, as drawn: {@code name ──► a, b (why)}; {@code ai-providers} is package {@code providers}. */
    @Test
    void readmesModuleMapIsTheMapTheseRulesCheck() throws Exception {
        String readme = Files.readString(README);
        int start = readme.indexOf("```", readme.indexOf("## Module map")) + 3;
        Map<String, Set<String>> drawn = new TreeMap<>();
        for (String line : readme.substring(start, readme.indexOf("```", start)).strip().split("\n")) {
            String[] sides = line.split("─*►", 2);
            Set<String> uses = new TreeSet<>();
            for (String used : sides[1].replaceAll("\\([^)]*\\)", "").split(",")) {
                if (!used.isBlank() && !used.strip().equals("nothing")) {
                    uses.add(pkg(used));
                }
            }
            for (String module : sides[0].split(",")) {
                drawn.put(pkg(module), uses);
            }
        }

        assertThat(drawn).as("README's module map").isEqualTo(new TreeMap<>(MAY_USE));
    }

    private static String pkg(String drawn) {
        String name = drawn.strip();
        return name.equals("ai-providers") ? "providers" : name;
    }

    @Test
    void modulesFormNoCycle() {
        slices().matching("io.lokiz.(*)..").should().beFreeOfCycles().check(lokiz);
    }

    @Test
    void noModuleReachesIntoAnotherModulesInternals() {
        for (String module : MAY_USE.keySet()) {
            String root = "io.lokiz." + module;
            noClasses().that().resideOutsideOfPackage(root + "..")
                    .should().dependOnClassesThat(internalTo(root))
                    .because(module + "'s sub-packages are its own; other modules use " + root + " only")
                    .allowEmptyShould(true) // the API-only modules have no internals to protect
                    .check(lokiz);
        }
    }

    @Test
    void modulesUseOnlyTheModulesTheMapAllows() {
        for (var entry : MAY_USE.entrySet()) {
            String[] forbidden = MAY_USE.keySet().stream()
                    .filter(other -> !other.equals(entry.getKey()) && !entry.getValue().contains(other))
                    .map(other -> "io.lokiz." + other + "..")
                    .toArray(String[]::new);
            noClasses().that().resideInAPackage("io.lokiz." + entry.getKey() + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                    .check(lokiz);
        }
    }

    @Test
    void theEngineKnowsNoJobType() {
        noClasses().that().resideInAPackage("io.lokiz.jobs..")
                .should().dependOnClassesThat().resideInAnyPackage("io.lokiz.generation..", "io.lokiz.assets..",
                        "io.lokiz.providers..", "io.lokiz.media..", "io.lokiz.storage..", "io.lokiz.credits..")
                .check(lokiz);
    }

    @Test
    void productionCodeNeverUsesTestSupport() {
        noClasses().that().resideOutsideOfPackages("io.lokiz.testing..", "io.lokiz.bench..")
                .should().dependOnClassesThat().resideInAPackage("io.lokiz.testing..")
                .check(lokiz);
    }

    private static String module(JavaClass c) {
        String rest = c.getPackageName().substring("io.lokiz.".length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static DescribedPredicate<JavaClass> internalTo(String root) {
        return DescribedPredicate.describe("internal to " + root, c -> c.getPackageName().startsWith(root + "."));
    }
}
