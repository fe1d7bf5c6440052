using System;

namespace Mci.Emulator
{
    /// <summary>
    /// The environment's "now". Record timestamps (createdon, modifiedon) and the execution context's
    /// OperationCreatedOn come from it, so a test can move time: plug-ins that want a deterministic "today"
    /// read context.OperationCreatedOn instead of DateTime.UtcNow. Times are UTC (users are taken to be in UTC).
    /// </summary>
    public sealed class EmulatorClock
    {
        /// <summary>Where a new environment's clock starts: a fixed instant, so runs are repeatable.</summary>
        public static readonly DateTime DefaultStart = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

        private DateTime _now = DefaultStart;

        public DateTime UtcNow
        {
            get => _now;
            set => _now = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
        }

        /// <summary>Midnight (UTC) of the current day.</summary>
        public DateTime Today
        {
            get => _now.Date;
            set => UtcNow = value.Date + _now.TimeOfDay;
        }

        public void Advance(TimeSpan by) => _now = _now.Add(by);
    }
}
