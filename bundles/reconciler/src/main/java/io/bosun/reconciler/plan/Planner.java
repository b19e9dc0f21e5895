package io.bosun.reconciler.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps (current state, target, context) to the next steps, with no I/O: the steps of one call are independent
 * and run together; the executor plans again once they are done, until nothing is left.
 *
 * <p>Order, as balena's: while nothing downloads, image clean-up, records and removals come alone first (they
 * free disk before anything is pulled); then each app's own steps; an app only on the device is taken off it.
 */
public final class Planner {
    private Planner() {
    }

    public static List<Step> plan(List<CurrentApp> current, List<AppTarget> target, PlanContext ctx) {
        List<Step> steps = new ArrayList<>();
        if (ctx.downloading().isEmpty()) {
            List<Step> imageSteps = ImagePlanner.steps(current, target, ctx);
            // Removals and clean-up go alone, to free disk first; records of images found on the device are
            // mere writes of the store and go with the app steps (balena gives them a cycle of their own).
            if (imageSteps.stream().anyMatch(s -> !(s instanceof Step.SaveImage))) {
                return imageSteps;
            }
            steps.addAll(imageSteps);
        }
        Map<Long, CurrentApp> currentById = new LinkedHashMap<>();
        current.forEach(app -> currentById.put(app.appId(), app));
        for (AppTarget app : target) {
            CurrentApp now = currentById.remove(app.appId());
            steps.addAll(AppPlanner.update(now != null ? now : CurrentApp.empty(app.appId(), app.appUuid()), app,
                    ctx));
        }
        currentById.values().forEach(app -> steps.addAll(AppPlanner.remove(app, ctx)));
        if (steps.isEmpty() && !ctx.downloading().isEmpty()) {
            steps.add(Step.NOOP);
        }
        return steps;
    }
}
