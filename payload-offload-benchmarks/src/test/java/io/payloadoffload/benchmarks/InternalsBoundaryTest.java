package io.payloadoffload.benchmarks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The benchmarks measure the library through its public API only, as a user would; the examples
 * module's {@code ApiBoundaryTest} checks the same of the other modules.
 */
@AnalyzeClasses(packages = "io.payloadoffload.benchmarks", importOptions = ImportOption.DoNotIncludeTests.class)
class InternalsBoundaryTest {
  @ArchTest
  static final ArchRule benchmarksDoNotUseTheCoresInternals = noClasses()
      .should().dependOnClassesThat().resideInAPackage("io.payloadoffload.internal..");
}
