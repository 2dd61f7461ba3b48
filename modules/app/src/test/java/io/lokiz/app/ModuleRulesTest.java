package io.lokiz.app;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The module map of ARCHITECTURE.md as a check: a module's root package is its API, every
 * sub-package is its own; modules use only the modules the map allows, and form no cycle.
 */
class ModuleRulesTest {

    /** Module root package → the modules it may use. */
    static final Map<String, Set<String>> MAY_USE = Map.of(
            "app", Set.of("jobs", "credits", "providers", "media", "storage", "web"),
            "jobs", Set.of("credits", "providers", "media", "storage", "web"),
            "providers", Set.of("media"),
            "credits", Set.of("web"),
            "media", Set.of(),
            "storage", Set.of("web"),
            "web", Set.of()); // the boundaries' shared kernel: problems and the caller

    static JavaClasses lokiz;

    @BeforeAll
    static void importProductionClasses() {
        lokiz = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("lokiz-testing"))
                .importPackages("io.lokiz");
    }

    @Test
    void modulesFormNoCycle() {
        slices().matching("io.lokiz.(*)..").should().beFreeOfCycles().allowEmptyShould(true).check(lokiz);
    }

    @Test
    void noModuleReachesIntoAnotherModulesInternals() {
        for (String module : MAY_USE.keySet()) {
            String root = "io.lokiz." + module;
            noClasses().that().resideOutsideOfPackage(root + "..")
                    .should().dependOnClassesThat(internalTo(root))
                    .because(module + "'s sub-packages are its own; other modules use " + root + " only")
                    .allowEmptyShould(true)
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
            if (forbidden.length > 0) {
                noClasses().that().resideInAPackage("io.lokiz." + entry.getKey() + "..")
                        .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                        .allowEmptyShould(true)
                        .check(lokiz);
            }
        }
    }

    @Test
    void productionCodeNeverUsesTestSupport() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.lokiz.testing..").check(lokiz);
    }

    private static DescribedPredicate<JavaClass> internalTo(String root) {
        return DescribedPredicate.describe("internal to " + root, c -> c.getPackageName().startsWith(root + "."));
    }
}
