namespace Mci.Rules.Tests;

/// <summary>The role a refusal names when the platform refused a privilege MCI's call needed (the catalogue itself is held
/// equal to Solution/src/Roles by Solution.Tests).</summary>
public class RoleGuideTests
{
    [TestCase("prvWritemci_ResourceRequest", PrivilegeAccess.Write, "mci_ResourceRequest")]
    [TestCase("prvAppendTomci_supporttier", PrivilegeAccess.AppendTo, "mci_supporttier")]
    [TestCase("prvAppendmci_OpportunitySplit", PrivilegeAccess.Append, "mci_OpportunitySplit")]
    [TestCase("prvReadOpportunity", PrivilegeAccess.Read, "Opportunity")]
    [TestCase("PRVSHAREACCOUNT", PrivilegeAccess.Share, "ACCOUNT")]
    public void APrivilegeNameReadsAsWhatItAllowsOnWhichTable(string name, PrivilegeAccess access, string table)
        => Assert.That(RoleGuide.Parse(name), Is.EqualTo(new PrivilegeParts(access, table)));

    [TestCase(null)]
    [TestCase("")]
    [TestCase("prv")]
    [TestCase("prvWrite")]
    [TestCase("prvFlyAccount")]
    [TestCase("WriteAccount")]
    public void AnythingElseIsNoPrivilegeName(string? name) => Assert.That(RoleGuide.Parse(name), Is.Null);

    [Test]
    public void RolesAreNamedWidestReachFirstWhateverTheCaseOfThePrivilege()
    {
        Assert.That(RoleGuide.RolesGranting("prvwritemci_resourcerequest"), Is.EqualTo(new[] { "MCI Administrator", "MCI Presales", "MCI Seller" }));
        Assert.That(RoleGuide.RolesGranting("prvWritemci_AllocationMinutes"), Is.EqualTo(new[] { "MCI Sales Executive", "MCI Seller" }));
        Assert.That(RoleGuide.RolesGranting("prvAppendTomci_SupportTier"), Is.Empty, "routing writes the tier as SYSTEM: no role needs it");
    }

    [Test]
    public void AMissingPrivilegeNamesItWhatItAllowsAndTheRolesThatHaveIt()
    {
        var refusal = RuleAssert.Refused(RoleGuide.PrivilegeMissing("prvWritemci_resourcerequest"), RefusalCode.PrivilegeMissing, "prvWritemci_resourcerequest");
        Assert.That(refusal.Message(1033), Is.EqualTo(
            "MCI could not finish this for you: your security roles lack the privilege prvWritemci_resourcerequest (change resource requests). "
            + "Ask your administrator for the security role “MCI Administrator” or “MCI Presales” or “MCI Seller”, which includes it."));
        Assert.That(refusal.Message(2052), Is.EqualTo(
            "MCI 无法为您完成此操作：您的安全角色缺少权限 prvWritemci_resourcerequest（修改资源申请）。请联系管理员为您分配包含该权限的安全角色“MCI Administrator”或“MCI Presales”或“MCI Seller”。"));
    }

    [Test]
    public void APrivilegeNoMciRoleHasSaysSo()
    {
        var refusal = RuleAssert.Refused(RoleGuide.PrivilegeMissing("prvDeleteOpportunity"), RefusalCode.PrivilegeMissingNoMciRole, "prvDeleteOpportunity");
        Assert.That(refusal.Message(1033), Does.Contain("(delete opportunities), which no MCI role includes"));
        Assert.That(RoleGuide.PrivilegeMissing("prvFrobnicate").Message(1033), Does.Contain("privilege prvFrobnicate (prvFrobnicate)"), "an unknown name is shown as it is");
    }

    [Test]
    public void AnUnknownTableIsNamedAsItIs()
        => Assert.That(RoleGuide.PrivilegeMissing("prvReadcontoso_widget").Message(1033), Does.Contain("(read contoso_widget)"));

    [Test]
    public void ARecordOutOfReachNamesTheRecordAndTheRolesWithTheWidestReach()
    {
        var id = Guid.Parse("0b5e3c1e-2d4f-4a6b-8c9d-0e1f2a3b4c5d");
        var refusal = RuleAssert.Refused(RoleGuide.AccessDenied(PrivilegeAccess.Write, "mci_resourcerequest", id), RefusalCode.PrivilegeAccessDenied, id.ToString("D"));
        Assert.That(refusal.Message(1033), Does.Contain("(change resource requests)").And.Contain("security role “MCI Administrator”, or ask the record's owner to share it"));
        Assert.That(RoleGuide.AccessDenied(PrivilegeAccess.Read, "annotation", id).Message(1033), Does.Contain("(read notes)").And.Contain("“MCI Presales” or “MCI Sales Executive” or “MCI Seller”"));
        Assert.That(RoleGuide.AccessDenied(PrivilegeAccess.Delete, "opportunity", id).Refusals.Single().Code, Is.EqualTo(RefusalCode.PrivilegeMissingNoMciRole));
    }

    [Test]
    public void PrivilegeNamesFollowTheirTables()
    {
        Assert.That(RoleGuide.PrivilegeName(PrivilegeAccess.Read, "annotation"), Is.EqualTo("prvReadNote"));
        Assert.That(RoleGuide.PrivilegeName(PrivilegeAccess.AppendTo, "systemuser"), Is.EqualTo("prvAppendToUser"));
        Assert.That(RoleGuide.PrivilegeName(PrivilegeAccess.Create, "task"), Is.EqualTo("prvCreateActivity"));
        Assert.That(RoleGuide.PrivilegeName(PrivilegeAccess.Write, "mci_branch"), Is.EqualTo("prvWritemci_branch"));
    }

    [Test]
    public void EveryRolePrivilegeIsAPrivilegeNameOnceWithALabelledTable()
    {
        Assert.Multiple(() =>
        {
            foreach (var (role, privileges) in RoleGuide.Roles)
            {
                Assert.That(privileges.Select(p => p.Name.ToLowerInvariant()), Is.Unique, role);
                foreach (var privilege in privileges)
                {
                    var parsed = RoleGuide.Parse(privilege.Name);
                    Assert.That(parsed, Is.Not.Null, privilege.Name);
                    Assert.That(Messages.TableLabel(parsed!.Table).English, Is.Not.EqualTo(parsed.Table), privilege.Name + ": a table a refusal can name");
                }
            }
        });
    }

    // ------------------------------------------------------------ the platform's texts

    [Test]
    public void The_platforms_missing_privilege_text_becomes_the_refusal_naming_the_role()
    {
        const string platform = "Principal user (Id=6d0c3d2e-1e0f-4b6a-9d5c-2f8e7a1b3c4d, type=8, roleCount=2, privilegeCount=640, accessMode=0), is missing prvWritemci_resourcerequest privilege "
            + "(Id=0b5e3c1e-2d4f-4a6b-8c9d-0e1f2a3b4c5d) on OTC=10243 for entity 'mci_resourcerequest'. context.Method=Update.";
        var refusal = RoleGuide.ForPlatformRefusal(platform)!;
        Assert.That(refusal.Refusals.Single().Code, Is.EqualTo(RefusalCode.PrivilegeMissing));
        Assert.That(refusal.Message(1033), Does.Contain("“MCI Administrator” or “MCI Presales” or “MCI Seller”").And.Not.Contain("6d0c3d2e"));
    }

    [Test]
    public void The_platforms_out_of_reach_texts_become_the_refusal_naming_the_record()
    {
        var record = "abe86dd6-d7aa-e311-ade6-cfcd73da4a68";
        var current = RoleGuide.ForPlatformRefusal($"Principal with ID edce293b-789d-e311-950c-ed9561bb126a does not have WriteAccess right(s) for record with ID {record} of entity mci_resourcerequest.")!;
        var older = RoleGuide.ForPlatformRefusal("SecLib::AccessCheckEx failed. Returned hr = -2147187962, ObjectID: " + record + ", OwnerId: db2f6110-1a9d-df11-9d85-005056bb728e, "
            + "OwnerIdType: 8 and CallingUser: edce293b-789d-e311-950c-ed9561bb126a. ObjectTypeCode: 10243, objectBusinessUnitId: 966fe7c8-89c1-de11-853f-005056bb728e, AccessRights: prvWritemci_ResourceRequest")!;
        Assert.Multiple(() =>
        {
            Assert.That(current.Message(1033), Does.Contain($"do not reach record {record} (change resource requests)"));
            Assert.That(older.Message(1033), Is.EqualTo(current.Message(1033)));
        });
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("The record was changed by another user.")]
    [TestCase("SecLib::AccessCheckEx failed. Returned hr = -2147187962, ObjectID: abe86dd6-d7aa-e311-ade6-cfcd73da4a68, ObjectTypeCode: 4201, AccessRights: 262153")]
    [TestCase("does not have FlyAccess right(s) for record with ID abe86dd6-d7aa-e311-ade6-cfcd73da4a68 of entity account")]
    public void Any_other_text_is_not_a_privilege_refusal(string? message) => Assert.That(RoleGuide.ForPlatformRefusal(message), Is.Null);
}
