import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Counts the JUnit XML reports of one build, surefire's (unit and system tests) and the bnd tester's
 * (in-framework tests), and prints the one summary line {@code N passed, N failed[, N skipped]}.
 * Exits 1 when a test failed or none ran, so that a build which tested nothing never looks green.
 * Run as a single-file program: {@code java scripts/TestSummary.java <project root>}.
 */
public final class TestSummary {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        int tests = 0;
        int failed = 0;
        int skipped = 0;
        for (Path report : reports(root)) {
            var document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
            NodeList suites = document.getElementsByTagName("testsuite");
            for (int i = 0; i < suites.getLength(); i++) {
                Element suite = (Element) suites.item(i);
                tests += number(suite, "tests");
                failed += number(suite, "failures") + number(suite, "errors");
                skipped += number(suite, "skipped");
            }
        }
        int passed = tests - failed - skipped;
        System.out.println(passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : ""));
        System.exit(failed > 0 || tests == 0 ? 1 : 0);
    }

    private static List<Path> reports(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().startsWith("TEST-")
                    && p.getFileName().toString().endsWith(".xml"))
                    .filter(p -> p.toString().contains("/target/surefire-reports/")
                            || p.toString().contains("/target/test-reports/"))
                    .sorted().toList();
        }
    }

    private static int number(Element suite, String attribute) {
        String value = suite.getAttribute(attribute);
        return value.isEmpty() ? 0 : Integer.parseInt(value);
    }
}
