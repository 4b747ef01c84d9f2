import org.junit.platform.engine.support.hierarchical.ParallelExecutionConfiguration
import org.spockframework.runtime.model.parallel.ExecutionMode

/*
 * Specs run in parallel, each spec's features one after another (the features of a spec share its
 * @Shared rigs and often its temp folder). Most of a spec's time is spent waiting on other processes
 * (the command's own JVM, skopeo, docker-registry, podman), so far more specs than cores run at once.
 * What specs do share is marked on them: @Isolated (runs alone) or @ResourceLock (not with another
 * holder of the same lock). SKIFF_TEST_PARALLELISM=1 runs one spec at a time.
 */
int parallelism = (System.getenv('SKIFF_TEST_PARALLELISM') ?: '6') as int

runner {
    parallel {
        enabled parallelism > 1
        defaultSpecificationExecutionMode ExecutionMode.CONCURRENT
        defaultExecutionMode ExecutionMode.SAME_THREAD
        fixed(Math.max(parallelism, 1))
    }
}
