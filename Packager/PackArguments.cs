using System;
using Mci.SolutionModel;
using System.Collections.Generic;

namespace Mci.Packaging
{
    /// <summary>
    /// The command line of `pac solution pack` that this packer implements, shared by the Packager exe and `mci pack`:
    /// --folder|-f DIR --zipfile|-z FILE [--packagetype|-p Unmanaged|Managed|Both] [--map|-m FILE] [--useUnmanagedFileForMissingManaged|-same].
    /// </summary>
    public static class PackArguments
    {
        public const string Usage =
            "usage: pack --folder DIR --zipfile FILE [--packagetype Unmanaged|Managed|Both] [--map MAPFILE] [--useUnmanagedFileForMissingManaged]\n" +
            "  the arguments of `pac solution pack`; Both writes FILE and FILE_managed.zip";

        /// <summary>Parses the arguments (a leading "pack" or "solution pack" verb is accepted); throws ArgumentException with a readable message.</summary>
        public static PackOptions Parse(IReadOnlyList<string> args)
        {
            string? folder = null, zip = null, map = null;
            var type = PackageType.Unmanaged;
            var same = false;
            var i = 0;
            if (i < args.Count && args[i] == "solution") i++;
            if (i < args.Count && args[i] == "pack") i++;
            for (; i < args.Count; i++)
            {
                var arg = args[i];
                switch (arg.ToLowerInvariant())
                {
                    case "--folder": case "-f": folder = Value(args, ref i); break;
                    case "--zipfile": case "-z": zip = Value(args, ref i); break;
                    case "--map": case "-m": map = Value(args, ref i); break;
                    case "--packagetype": case "-p":
                        var v = Value(args, ref i);
                        if (!Enum.TryParse(v, ignoreCase: true, out type) || int.TryParse(v, out _))
                        {
                            throw new ArgumentException($"--packagetype must be Unmanaged, Managed or Both, not '{v}'.");
                        }
                        break;
                    case "--usemanagedfileformissingunmanaged":
                        throw new ArgumentException($"{arg} is not supported: this packer packs managed from unmanaged sources only.");
                    case "--useunmanagedfileformissingmanaged": case "-same": same = true; break;
                    default: throw new ArgumentException($"Unknown argument '{arg}'.");
                }
            }
            if (folder == null || zip == null)
            {
                throw new ArgumentException("--folder and --zipfile are required.");
            }
            return new PackOptions(folder, zip, type)
            {
                Map = map == null ? FileMap.Empty : FileMap.Load(map, folder),
                UseUnmanagedFileForMissingManaged = same,
            };
        }

        private static string Value(IReadOnlyList<string> args, ref int i)
        {
            if (i + 1 >= args.Count || args[i + 1].StartsWith("-", StringComparison.Ordinal))
            {
                throw new ArgumentException($"{args[i]} needs a value.");
            }
            return args[++i];
        }
    }
}
