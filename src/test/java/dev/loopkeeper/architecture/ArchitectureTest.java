package dev.loopkeeper.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code, checked on the compiled classes: no cycle between packages, no cycle between the classes
 * of one package (a nested type counts as its outer class), infrastructure never depends on features, and only the
 * fronts know JDA.
 */
class ArchitectureTest {
    private static final String BASE = "dev.loopkeeper";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(BASE);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching(BASE + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void classesInsideAPackageHaveNoCycles() {
        slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                // Each top-level class of a feature package is its own slice; the root (composition) is exempt.
                if (!javaClass.getPackageName().startsWith(BASE + ".")) {
                    return SliceIdentifier.ignore();
                }
                JavaClass outer = javaClass;
                while (outer.getEnclosingClass().isPresent()) {
                    outer = outer.getEnclosingClass().get();
                }
                return SliceIdentifier.of(outer.getPackageName(), outer.getSimpleName());
            }

            @Override
            public String getDescription() {
                return "top-level classes of each package";
            }
        }).should().beFreeOfCycles().check(classes);
    }

    @Test
    void infrastructureNeverDependsOnFeatures() {
        noClasses().that().resideInAnyPackage(BASE + ".storage..", BASE + ".common..", BASE + ".config..",
                        BASE + ".schedule..", BASE + ".delivery..")
                .should().dependOnClassesThat().resideInAnyPackage(BASE + ".loop..", BASE + ".focus..",
                        BASE + ".relevance..", BASE + ".reminder..", BASE + ".settings..", BASE + ".discord..",
                        BASE + ".console..")
                .check(classes);
    }

    @Test
    void servicesNeverSeeJda() {
        noClasses().that().resideOutsideOfPackages(BASE + ".discord..", BASE)
                .should().dependOnClassesThat().resideInAPackage("net.dv8tion..")
                .check(classes);
    }

    @Test
    void featuresNeverDependOnTheFronts() {
        noClasses().that().resideOutsideOfPackages(BASE + ".discord..", BASE + ".console..", BASE)
                .should().dependOnClassesThat().resideInAnyPackage(BASE + ".discord..", BASE + ".console..")
                .check(classes);
    }
}
