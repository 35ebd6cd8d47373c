package io.payloadoffload.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The module boundaries that the build keeps true (docs/architecture.md lists them). This module
 * depends on the core, the PostgreSQL store, the HTTP servlet, the MCP module, the client, the testkit
 * and (for this test) the Micrometer module, so it sees all their classes; the
 * benchmarks module checks its own imports, and the core checks its package cycles.
 */
@AnalyzeClasses(packages = "io.payloadoffload", importOptions = ImportOption.DoNotIncludeTests.class)
class ApiBoundaryTest {
  /** The packages whose public types are API. */
  private static final Set<String> API_PACKAGES = Set.of("io.payloadoffload", "io.payloadoffload.spi",
      "io.payloadoffload.envelope", "io.payloadoffload.codec", "io.payloadoffload.routing", "io.payloadoffload.exception",
      "io.payloadoffload.postgres", "io.payloadoffload.testkit", "io.payloadoffload.micrometer",
      "io.payloadoffload.mcp", "io.payloadoffload.client", "io.payloadoffload.http");
  /**
   * Libraries the implementation uses and the API must not expose. The JDK's {@code javax.sql.DataSource}
   * is not among them: handing the PostgreSQL store a pool of one's own is API.
   */
  private static final List<String> HIDDEN_LIBRARIES = List.of("dev.failsafe", "org.eclipse.jetty", "java.sql",
      "com.zaxxer.hikari", "org.postgresql", "com.github.luben.zstd");

  private static final DescribedPredicate<JavaClass> API_TYPES =
      DescribedPredicate.describe("public types of an API package",
          c -> API_PACKAGES.contains(c.getPackageName()) && visible(c));

  @ArchTest
  static final ArchRule noInternalTypeInAPublicSignature = classes().that(API_TYPES)
      .should(exposeNoType("an internal package", c -> c.getPackageName().contains(".internal")));

  @ArchTest
  static final ArchRule noHiddenLibraryTypeInAPublicSignature = classes().that(API_TYPES)
      .should(exposeNoType("Failsafe, Jetty, JDBC, HikariCP, pgjdbc or zstd-jni",
          c -> HIDDEN_LIBRARIES.stream().anyMatch(p -> c.getPackageName().startsWith(p))));

  @ArchTest
  static final ArchRule otherModulesDoNotUseTheCoresInternals = noClasses()
      .that().resideInAnyPackage("io.payloadoffload.postgres..", "io.payloadoffload.testkit..",
          "io.payloadoffload.micrometer..", "io.payloadoffload.mcp..", "io.payloadoffload.client..",
          "io.payloadoffload.http..", "io.payloadoffload.examples..")
      .should().dependOnClassesThat().resideInAPackage("io.payloadoffload.internal..");

  /** Public, or protected, and so is every class it is nested in. */
  private static boolean visible(JavaClass c) {
    for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
      Set<JavaModifier> m = k.getModifiers();
      if (!m.contains(JavaModifier.PUBLIC) && !m.contains(JavaModifier.PROTECTED)) {
        return false;
      }
    }
    return true;
  }

  private static boolean visible(JavaMember member) {
    Set<JavaModifier> m = member.getModifiers();
    return m.contains(JavaModifier.PUBLIC) || m.contains(JavaModifier.PROTECTED);
  }

  /**
   * Fails a class whose supertypes, or whose visible fields, constructors and methods (parameter,
   * return, type-argument and thrown types), involve a type the predicate matches.
   */
  private static ArchCondition<JavaClass> exposeNoType(String what, Predicate<JavaClass> bad) {
    return new ArchCondition<>("expose no type of " + what + " in a public signature") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        List<String> where = new ArrayList<>();
        List<JavaType> supertypes = new ArrayList<>(c.getInterfaces());
        c.getSuperclass().ifPresent(supertypes::add);
        collect(c.getName() + " extends/implements", supertypes, bad, where);
        for (JavaField f : c.getFields()) {
          if (visible(f)) {
            collect(f.getFullName(), List.of(f.getType()), bad, where);
          }
        }
        for (JavaCodeUnit u : c.getCodeUnits()) {
          if (visible(u) && !u.getModifiers().contains(JavaModifier.SYNTHETIC)) {
            List<JavaType> types = new ArrayList<>(u.getParameterTypes());
            types.add(u.getReturnType());
            u.getThrowsClause().getTypes().forEach(types::add);
            collect(u.getFullName(), types, bad, where);
          }
        }
        where.forEach(w -> events.add(SimpleConditionEvent.violated(c, w)));
      }
    };
  }

  private static void collect(String member, List<? extends JavaType> types,
      Predicate<JavaClass> bad, List<String> where) {
    for (JavaType t : types) {
      for (JavaClass involved : t.getAllInvolvedRawTypes()) {
        if (bad.test(involved)) {
          where.add(member + " exposes " + involved.getName());
        }
      }
    }
  }
}
