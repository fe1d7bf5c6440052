namespace Mci.Plugins
{
    public sealed class P : Microsoft.Xrm.Sdk.IPlugin
    {
        public void Execute(System.IServiceProvider serviceProvider) { }
    }
}
