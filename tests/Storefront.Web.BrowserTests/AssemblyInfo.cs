// One Chromium and one Kestrel app per test class is plenty for a 2-core machine: run the classes one at a time so a
// first Blazor circuit is not starved by another class's start-up.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// The shared fixtures' framework: it puts "PostgreSQL: ..." (which server ran) on the test output.
[assembly: TestFramework("Storefront.Web.Tests.Infrastructure.TestOutput", "Storefront.Web.Tests")]
