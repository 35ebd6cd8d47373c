package io.payloadoffload;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.Set;

/**
 * The core's public packages depend on each other without cycles, so each can be read and changed
 * from the bottom up. The exceptions, which every other package throws, live in a package that
 * depends on none of the others. The public-signature rules that span modules live in the examples
 * module's {@code ApiBoundaryTest}.
 */
@AnalyzeClasses(packages = "io.payloadoffload", importOptions = ImportOption.DoNotIncludeTests.class)
class PublicPackageCyclesTest {
  private static final Set<String> PUBLIC_PACKAGES = Set.of("io.payloadoffload", "io.payloadoffload.spi",
      "io.payloadoffload.envelope", "io.payloadoffload.codec", "io.payloadoffload.routing",
      "io.payloadoffload.exception");

  @ArchTest
  static final ArchRule publicPackagesAreFreeOfCycles = slices().assignedFrom(new SliceAssignment() {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass c) {
      return PUBLIC_PACKAGES.contains(c.getPackageName()) ? SliceIdentifier.of(c.getPackageName())
          : SliceIdentifier.ignore();
    }

    @Override
    public String getDescription() {
      return "the core's public packages";
    }
  }).should().beFreeOfCycles();

  @ArchTest
  static final ArchRule exceptionsAreALeaf = noClasses().that().resideInAPackage("io.payloadoffload.exception")
      .should().dependOnClassesThat().resideOutsideOfPackages("io.payloadoffload.exception", "java..");
}
