// Every test class talks to the same Glance, and some compare the catalogue's counts with Glance's: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
