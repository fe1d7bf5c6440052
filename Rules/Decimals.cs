using System;

namespace Mci.Rules
{
    /// <summary>Two-place decimal arithmetic shared by the rules. Rounding is half away from zero
    /// (0.125 → 0.13, -0.125 → -0.13), the commercial rounding sellers expect, not .NET's default banker's rounding.</summary>
    internal static class Decimals
    {
        public static decimal Round2(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero);

        /// <summary>True for 33.33 and 33.330, false for 33.333: the value must not be rounded to fit.</summary>
        public static bool HasAtMostTwoPlaces(decimal value) => decimal.Round(value, 2) == value;
    }
}
