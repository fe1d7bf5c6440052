#Requires -Version 7.2
<#
.SYNOPSIS
    Runs the Pester tests of pac-deploy.ps1 with the Pester version pinned in Deploy.Tests.proj.
.DESCRIPTION
    Restores Deploy.Tests.proj (a PackageDownload of Pester from NuGet), imports Pester from the NuGet global
    packages folder, runs every *.Tests.ps1 here and prints "Pester: N passed, N failed, N skipped".
    Exit code 0 only when tests ran and none failed. From the repository root:
        dotnet tool restore && dotnet tool run pwsh -NoProfile -File Tests/Deploy/Invoke-DeployTests.ps1
.PARAMETER CountsFile
    Also write "passed failed skipped" to this file (for .ci/run).
#>
param([string] $CountsFile)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

function Write-Counts([int] $Passed, [int] $Failed, [int] $Skipped) {
    Write-Host "Pester: $Passed passed, $Failed failed, $Skipped skipped"
    if ($CountsFile) { Set-Content -LiteralPath $CountsFile "$Passed $Failed $Skipped" }
}

try {
    $project = Join-Path $PSScriptRoot 'Deploy.Tests.proj'
    $version = ([xml] (Get-Content -LiteralPath $project -Raw)).SelectSingleNode("//PackageDownload[@Include='Pester']").Version.Trim('[', ']')
    # Already in the usual global packages folder (NUGET_PACKAGES or ~/.nuget/packages)? Then no restore (it costs seconds).
    $default = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget' 'packages' }
    $module = Join-Path $default 'pester' $version 'tools' 'Pester.psd1'
    if (-not (Test-Path -LiteralPath $module)) {
        & dotnet restore $project --nologo --verbosity quiet
        if ($LASTEXITCODE -ne 0) { throw "dotnet restore $project failed (exit code $LASTEXITCODE)." }
        # Restore records the global packages folder (also one a nuget.config sets) in project.assets.json.
        $assets = Get-Content -LiteralPath (Join-Path $PSScriptRoot 'obj' 'project.assets.json') -Raw | ConvertFrom-Json -AsHashtable
        $module = $assets.packageFolders.Keys | ForEach-Object { Join-Path $_ 'pester' $version 'tools' 'Pester.psd1' } |
            Where-Object { Test-Path -LiteralPath $_ } | Select-Object -First 1
    }
    if (-not $module) { throw "Pester $version is not in the NuGet packages folder after restore." }
    Import-Module $module -Force

    $configuration = New-PesterConfiguration
    $configuration.Run.Path = $PSScriptRoot
    $configuration.Run.PassThru = $true
    $configuration.Output.Verbosity = 'Detailed'
    $result = Invoke-Pester -Configuration $configuration

    # A failing BeforeAll or an unloadable test file fails no single test; count it as a failure all the same.
    $failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Write-Counts $result.PassedCount $failed $result.SkippedCount
    if ($failed -gt 0 -or $result.PassedCount -eq 0) { exit 1 }
    exit 0
}
catch {
    Write-Host "Pester run failed: $($_.Exception.Message)"
    Write-Counts 0 1 0
    exit 1
}
