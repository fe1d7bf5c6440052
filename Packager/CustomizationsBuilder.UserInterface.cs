using System.Linq;
using System.Xml.Linq;
using Mci.SolutionModel;

namespace Mci.Packaging
{
    // Web resources, app site maps and apps: each folds into its section of customizations.xml as a Dataverse export writes
    // it (WebResources after optionsets, AppModuleSiteMaps and AppModules before EntityDataProviders; ExportOrder). A web
    // resource's content travels as its own zip entry (SolutionPacker), at the FileName its registration names.
    internal sealed partial class CustomizationsBuilder
    {
        private void PlaceUserInterface(XElement root)
        {
            Place(root, "WebResources", _folder.WebResources.Select(w => SolutionXml.Fragment(w.DataXml, "WebResource")), "WebResource");
            Place(root, "AppModuleSiteMaps", _folder.SiteMaps.Select(m =>
                SolutionXml.Fragment(PackagePath($"AppModuleSiteMaps/{m.UniqueName}/AppModuleSiteMap", m.UnmanagedPath, m.ManagedPath, "site map"), "AppModuleSiteMap")), "AppModuleSiteMap");
            Place(root, "AppModules", _folder.Apps.Select(a =>
                SolutionXml.Fragment(PackagePath($"AppModules/{a.UniqueName}/AppModule", a.UnmanagedPath, a.ManagedPath, "app"), "AppModule")), "AppModule");
        }
    }
}
