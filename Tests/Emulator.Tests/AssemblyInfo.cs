// The test plug-ins report through one static probe list, so the tests of this assembly do not run in parallel.
[assembly: NonParallelizable]
