using System;

namespace Mci.SolutionModel
{
    /// <summary>
    /// A solution folder, solution zip, mapping file or pack argument that cannot be read or packed. The message names the
    /// file (or zip entry) and the component, so the person who reads it knows what to fix.
    /// </summary>
    public sealed class InvalidSolutionException : Exception
    {
        public InvalidSolutionException(string message) : base(message) { }
        public InvalidSolutionException(string message, Exception inner) : base(message, inner) { }
    }
}
