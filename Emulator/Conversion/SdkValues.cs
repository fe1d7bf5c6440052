using System;
using System.Globalization;
using Microsoft.Xrm.Sdk;

namespace Mci.Emulator.Conversion
{
    /// <summary>
    /// The comparable scalar inside an SDK value, and comparing scalars: the one place the emulator's queries and the
    /// scenario checks read a Money as its amount, a choice as its number and a lookup as its id.
    /// </summary>
    public static class SdkValues
    {
        /// <summary>Money → decimal, OptionSetValue → int, EntityReference → Guid, AliasedValue → its value; anything else as is.</summary>
        public static object? Scalar(object? value) => value switch
        {
            Money m => m.Value,
            OptionSetValue o => o.Value,
            EntityReference r => r.Id,
            AliasedValue a => Scalar(a.Value),
            _ => value,
        };

        /// <summary>The number inside a value (whole, decimal, finite float or money), exactly; null when it holds none.</summary>
        public static decimal? Number(object? value) => Scalar(value) switch
        {
            int i => i,
            long l => l,
            short s => s,
            byte b => b,
            decimal d => d,
            double d when !double.IsNaN(d) && !double.IsInfinity(d) && Math.Abs(d) <= (double)decimal.MaxValue => (decimal)d,
            float f when !float.IsNaN(f) && !float.IsInfinity(f) => (decimal)f,
            _ => null,
        };

        /// <summary>Compares two scalars of compatible types; strings case-insensitively, as Dataverse's collation does.</summary>
        public static int Compare(object a, object b)
        {
            if (a is string sa && b is string sb) return string.Compare(sa, sb, StringComparison.OrdinalIgnoreCase);
            if (IsNumber(a) && IsNumber(b)) return Convert.ToDecimal(a, CultureInfo.InvariantCulture).CompareTo(Convert.ToDecimal(b, CultureInfo.InvariantCulture));
            if (a is double || b is double) return Convert.ToDouble(a, CultureInfo.InvariantCulture).CompareTo(Convert.ToDouble(b, CultureInfo.InvariantCulture));
            if (a is IComparable ca && a.GetType() == b.GetType()) return ca.CompareTo(b);
            throw new InvalidOperationException($"Cannot compare {a.GetType().Name} with {b.GetType().Name}.");
        }

        /// <summary>A number compared exactly (as a decimal): every numeric type but double.</summary>
        public static bool IsNumber(object o) => o is int or long or decimal or short or byte or float;
    }
}
