import io.agentry.server.AgentryApplication;
import io.agentry.server.agents.TokenizerPreload;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;

/**
 * Where a start-up's time goes: starts the server as {@code AgentryApplication.main} does, recording Spring's
 * start-up steps ({@link BufferingApplicationStartup}), and prints each step's own time (its duration minus
 * its sub-steps'), largest first, then closes the context. Arguments are the server's ({@code --agentry.role=api
 * --spring.datasource.url=...}). To measure the image's start (extracted jar, AOT cache), compile it against
 * the extracted application that the load generator's {@code coldstart} prepares (in its default working
 * directory) and append it to the class path, which the AOT cache allows:
 *
 * <pre>
 * app=bench/target/cold-start/app
 * javac -d bench/target/startup-steps -cp "$app/agentry.jar:$app/lib/*" bench/StartupSteps.java
 * jar cf "$app/startup-steps.jar" -C bench/target/startup-steps .
 * (cd "$app" && java -XX:AOTCache=app.aot -cp agentry.jar:startup-steps.jar StartupSteps --server.port=0 ...)
 * </pre>
 */
public class StartupSteps {

    record Step(String name, long selfNanos, long totalNanos) {
    }

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(AgentryApplication.class);
        application.addListeners(new TokenizerPreload());
        BufferingApplicationStartup startup = new BufferingApplicationStartup(50_000);
        application.setApplicationStartup(startup);
        var context = application.run(args);
        List<StartupTimeline.TimelineEvent> events = startup.getBufferedTimeline().getEvents();
        Map<Long, Long> children = new HashMap<>();
        for (StartupTimeline.TimelineEvent event : events) {
            Long parent = event.getStartupStep().getParentId();
            if (parent != null) {
                children.merge(parent, event.getDuration().toNanos(), Long::sum);
            }
        }
        List<Step> steps = new ArrayList<>();
        Map<String, Long> byKind = new TreeMap<>();
        for (StartupTimeline.TimelineEvent event : events) {
            long total = event.getDuration().toNanos();
            long self = total - children.getOrDefault(event.getStartupStep().getId(), 0L);
            StringBuilder name = new StringBuilder(event.getStartupStep().getName());
            event.getStartupStep().getTags().forEach(tag -> name.append(' ').append(tag.getKey()).append('=').append(tag.getValue()));
            steps.add(new Step(name.toString(), self, total));
            byKind.merge(event.getStartupStep().getName(), self, Long::sum);
        }
        System.out.println("own time by kind of step (ms):");
        byKind.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .forEach(e -> System.out.printf("%9.1f  %s%n", e.getValue() / 1e6, e.getKey()));
        System.out.println("largest steps (own ms, with sub-steps ms):");
        steps.stream().sorted(Comparator.comparingLong(Step::selfNanos).reversed()).limit(25)
                .forEach(s -> System.out.printf("%9.1f %9.1f  %s%n", s.selfNanos() / 1e6, s.totalNanos() / 1e6,
                        s.name().length() > 160 ? s.name().substring(0, 160) : s.name()));
        context.close();
    }
}
