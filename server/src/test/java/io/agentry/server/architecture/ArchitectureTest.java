package io.agentry.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

/**
 * The layout of docs/architecture.md, checked: feature packages without cycles, shared web and egress plumbing
 * that knows no feature, adapters (JDBC, Redis) that no feature depends on, controllers that stay inside their
 * feature, and a core without Spring.
 */
class ArchitectureTest {

    /** The feature packages of the server (each a top-level package of io.agentry.server). */
    static final String[] FEATURES = {"..server.runs..", "..server.tasks..", "..server.schedules..",
            "..server.memory..", "..server.usage..", "..server.guardrails..", "..server.webhooks..",
            "..server.agents..", "..server.models..", "..server.observability..", "..server.health..",
            "..server.sessions..", "..server.users..",
            "..server.tools..", "..server.mcp..", "..server.console..", "..server.langgraph.."};

    private static JavaClasses server;
    private static JavaClasses core;

    @BeforeAll
    static void importClasses() {
        server = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.agentry.server");
        core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.agentry");
    }

    @Test
    void serverPackagesHaveNoCycles() {
        slices().matching("io.agentry.server.(*)..").should().beFreeOfCycles().check(server);
    }

    @Test
    void theSharedWebPlumbingKnowsNoFeature() {
        noClasses().that().resideInAPackage("..server.web..")
                .should().dependOnClassesThat().resideInAnyPackage(FEATURES).check(server);
    }

    @Test
    void theSharedEgressPlumbingKnowsNoFeature() {
        noClasses().that().resideInAPackage("..server.egress..")
                .should().dependOnClassesThat().resideInAnyPackage(FEATURES).check(server);
    }

    @Test
    void featuresDoNotDependOnAdapters() {
        noClasses().that().resideInAnyPackage(FEATURES)
                .should().dependOnClassesThat().resideInAnyPackage("..server.jdbc..", "..server.redis..").check(server);
    }

    @Test
    void controllersArePackagePrivate() {
        classes().that().areAnnotatedWith(RestController.class).should().notBePublic().check(server);
    }

    @Test
    void theCoreKnowsNoSpringNorTheServer() {
        noClasses().that().resideInAPackage("io.agentry..").and().resideOutsideOfPackage("io.agentry.server..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..", "io.agentry.server..")
                .check(core);
    }
}
