package org.issueledger.events;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The contract is read by every service and every future consumer: it must not drag a framework along. */
@AnalyzeClasses(packages = "org.issueledger.events", importOptions = ImportOption.DoNotIncludeTests.class)
class SharedEventsArchitectureTest {

    @ArchTest
    static final ArchRule dependsOnJdkAndJacksonAnnotationsOnly = classes()
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "org.issueledger.events..", "com.fasterxml.jackson.annotation..");
}
