// One browser, one app per class; the OpenStack classes share one Glance: run classes one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
