using System;

namespace Mci.Packaging
{
    /// <summary>A solution folder, mapping or argument the packer refuses; the message names the file or component.</summary>
    public sealed class PackagingException : Exception
    {
        public PackagingException(string message) : base(message) { }
        public PackagingException(string message, Exception inner) : base(message, inner) { }
    }
}
