package dev.mxbridge.core;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The core's shape: {@code module-info} exports the API a bridge is written against and nothing of the engine, the
 * exported API names no engine type, and the packages have no dependency cycle.
 */
class ArchitectureTest {
    /** What a bridge author uses. Adding an engine package here is a decision, not a fix. */
    static final Set<String> API = Set.of("dev.mxbridge.core", "dev.mxbridge.core.cli", "dev.mxbridge.core.client",
            "dev.mxbridge.core.command", "dev.mxbridge.core.config", "dev.mxbridge.core.format",
            "dev.mxbridge.core.handler", "dev.mxbridge.core.network", "dev.mxbridge.core.registration",
            "dev.mxbridge.core.secret", "dev.mxbridge.core.web");

    static final JavaClasses CORE = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.mxbridge.core");

    static Set<String> exported(InputStream moduleInfo) throws IOException {
        return ModuleDescriptor.read(moduleInfo).exports().stream().map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void moduleInfoExportsTheApiAndNoEnginePackage() throws Exception {
        Path classes = Path.of(Bridge.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            assertThat(exported(in)).containsExactlyInAnyOrderElementsOf(API);
        }
    }

    @Test
    void publicApiSignaturesNameNoEngineType() {
        List<String> leaks = CORE.stream()
                .filter(c -> API.contains(c.getPackageName()) && c.getModifiers().contains(JavaModifier.PUBLIC))
                .flatMap(c -> leaksOf(c).stream()).sorted().toList();
        assertThat(leaks).as("public members of API types whose signature names an engine type").isEmpty();
    }

    private static List<String> leaksOf(JavaClass c) {
        java.util.ArrayList<String> leaks = new java.util.ArrayList<>();
        c.getMethods().stream().filter(m -> m.getModifiers().contains(JavaModifier.PUBLIC)).forEach(m -> {
            if (isEngine(m.getRawReturnType())) {
                leaks.add(m.getFullName() + " returns " + m.getRawReturnType().getName());
            }
            m.getRawParameterTypes().stream().filter(ArchitectureTest::isEngine)
                    .forEach(t -> leaks.add(m.getFullName() + " takes " + t.getName()));
        });
        c.getConstructors().stream().filter(k -> k.getModifiers().contains(JavaModifier.PUBLIC))
                .forEach(k -> k.getRawParameterTypes().stream().filter(ArchitectureTest::isEngine)
                        .forEach(t -> leaks.add(k.getFullName() + " takes " + t.getName())));
        c.getFields().stream().filter(f -> f.getModifiers().contains(JavaModifier.PUBLIC) && isEngine(f.getRawType()))
                .forEach(f -> leaks.add(f.getFullName() + " is a " + f.getRawType().getName()));
        return leaks;
    }

    private static boolean isEngine(JavaClass target) {
        return target.getPackageName().startsWith("dev.mxbridge.core") && !API.contains(target.getPackageName());
    }

    @Test
    void packagesHaveNoDependencyCycles() {
        slices().matching("dev.mxbridge.core.(*)..").should().beFreeOfCycles().check(CORE);
    }
}
