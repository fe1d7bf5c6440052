namespace Mci.Emulator { internal static class Placeholder { } }
