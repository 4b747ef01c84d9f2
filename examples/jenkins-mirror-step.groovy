// A Jenkins shared-library step (vars/mirrorImages.groovy) that mirrors images through Skiff's
// library API, with dev.skiff:skiff-dsl on the library's classpath:
//   mirrorImages from: 'registry.example.com', images: ['team/app:v1'], to: 'mirror.internal:5000'
import dev.skiff.dsl.Mirror

def call(Map args) {
    def insecure = args.insecure ? '{ tlsVerify false }' : '{}'
    def images = args.images.collect { "'${it}'" }.join(', ')
    // Mistakes in the generated plan are PlanExceptions naming the line, raised before anything is copied.
    def plans = Mirror.plan("""
        mirror {
            from('${args.from}') ${insecure}
            images ${images}
            to registry('${args.to}') ${insecure}
            ${args.prefix ? "rename { repo -> \"${args.prefix}/\${repo}\" }" : ''}
        }
    """)
    def out = new PrintWriter(System.out, true)
    def reports = Mirror.run(plans, out, false)
    if (reports.any { it.failed() }) {
        throw new IllegalStateException("mirrorImages: ${reports.sum { it.with(dev.skiff.sync.SyncOutcome.Status.FAILED).size() }} image(s) failed")
    }
    reports
}
