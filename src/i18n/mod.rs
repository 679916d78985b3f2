//! Every user-facing string, in zh-CN and en.
//!
//! `Lang` picks the language; `Msg` holds the fixed strings; the submodules render the
//! structured results of the domain rules (alert reasons, readiness gaps, …) in words.

pub mod alert_text;
pub mod asof_text;
pub mod backup_text;
pub mod bureau_text;
pub mod charts_text;
pub mod choice_text;
pub mod cli_text;
pub mod config_text;
pub mod district_text;
pub mod git_text;
// history: the History screen and the detail's timeline
pub mod history_text;
pub mod input_text;
pub mod interchange_text;
pub mod interchange_words;
// itinerary: the Agenda's groupings, mine only, the day plan
pub mod itinerary_text;
pub mod keys_text;
pub mod label_text;
pub mod ledgers_text;
pub mod listview_text;
pub mod people_text;
pub mod readiness_text;
pub mod review_text;
pub mod sort_text;
// start: the Pool screen before its index
pub mod start_text;
pub mod store_text;
pub mod sync_text;
pub mod theme_text;
// views: saved views (`:view`, the `V` picker)
pub mod views_text;
// trends: the sparklines' words
pub mod trends_text;

pub use crate::lang::Lang;
pub use label_text::{Badge, Label, MetricValue};

/// Defines the fixed strings: `Msg::X.text(lang)`.
macro_rules! messages {
    ($($name:ident => $zh:literal, $en:literal;)+) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Msg { $($name),+ }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$name),+];

            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$name, Lang::Zh) => $zh, (Msg::$name, Lang::En) => $en,)+
                }
            }
        }
    };
}

messages! {
    AppName => "苗圃", "Seedbed";
    ColName => "企业名称", "Name";
    ColCreditCode => "统一社会信用代码", "Credit code";
    ColDistrict => "所属区县", "District";
    ColPool => "培育库", "Pool";
    ColBatch => "批次", "Batch";
    ColTier => "梯队", "Tier";
    ColColour => "预警", "Alert";
    ColLights => "红/黄/绿", "R/Y/G";
    ColLastVisit => "上次走访", "Last visit";
    ColNextVisit => "下次走访", "Next visit";
    ColVisitState => "走访状态", "Visit";
    ColRank => "排名", "Rank";
    ColScore => "得分", "Score";
    ColCommissioner => "科技专员", "Commissioner";
    ColDate => "日期", "Date";
    ColMode => "方式", "Mode";
    ColProject => "项目", "Project";
    ColLevel => "级别", "Level";
    ColReason => "原因", "Reason";
    ColInnovation => "创新能力", "Innovation";
    ColGrowth => "成长性", "Growth";
    ColParticipation => "参与度", "Participation";
    ColMovement => "变动", "Move";
    ColShortBoard => "短板", "Short board";
    ColRaised => "提出时间", "Raised";
    ColCategory => "类别", "Category";
    ColRequest => "诉求内容", "Request";
    ColStatus => "状态", "Status";
    ColSla => "24小时响应", "24 h SLA";
    ColCertificate => "证书编号", "Certificate";
    ColExpires => "到期日", "Expires";
    ColDaysLeft => "剩余天数", "Days left";
    ColReadiness => "认定条件", "Readiness";
    ColGaps => "差距", "Gaps";
    ColYear => "年度", "Year";
    SecProfile => "基本信息", "Profile";
    SecMemberships => "入库记录", "Pool memberships";
    SecCertificates => "证书与资质", "Certificates";
    SecProjects => "科技项目", "Projects";
    SecVisits => "走访记录", "Visits";
    SecRequests => "企业诉求", "Requests";
    SecFigures => "年度数据", "Yearly figures";
    SecRanking => "排名历史", "Ranking history";
    SecReadiness => "高企认定条件", "HTE readiness";
    SecTsme => "科技型中小企业评价", "Tech SME evaluation";
    LblRegion => "行政区划", "Region";
    LblTownship => "街道/乡镇", "Township";
    LblAddress => "地址", "Address";
    LblIndustry => "行业", "Industry";
    LblField => "技术领域", "Field";
    LblFounded => "成立日期", "Founded";
    LblContact => "联系人", "Contact";
    LblHonours => "荣誉", "Honours";
    LblNotes => "备注", "Notes";
    LblOpenRequests => "未办结诉求", "Open requests";
    LblPlanned => "计划", "planned";
    LblDone => "完成", "done";
    LblCancelled => "已取消", "cancelled";
    LblOverride => "人工调整", "override";
    LblAccepted => "已验收", "accepted";
    LblStaff => "职工", "Staff";
    LblScitech => "科技人员", "Sci-tech staff";
    LblSales => "销售收入(万元)", "Sales (10k yuan)";
    LblRd => "研发费用(万元)", "R&D (10k yuan)";
    LblNetAssets => "净资产(万元)", "Net assets (10k yuan)";
    LblIp => "Ⅰ类/Ⅱ类知识产权", "IP class I/II";
    LblTotal => "总分", "Total";
    LblQualifies => "是否符合", "Qualifies";
    LblExpiresIn => "天后到期", "days to expiry";
    LblExpired => "已过期", "expired";
    LblRenewal => "需复审", "renewal due";
    LblPassed => "符合", "passed";
    LblUnknown => "未知", "unknown";
    ScreenPool => "培育库", "Pool";
    ScreenAgenda => "走访日程", "Agenda";
    ScreenAlerts => "三色预警", "Alerts";
    ScreenRanking => "动态监测排名", "Ranking";
    ScreenCerts => "高企认定", "Certificates";
    ScreenRequests => "企业诉求", "Requests";
    ScreenDetail => "企业详情", "Enterprise";
    KeyDown => "下移", "Move down";
    KeyUp => "上移", "Move up";
    KeyTop => "到顶部", "Go to top";
    KeyBottom => "到底部", "Go to bottom";
    KeyPageDown => "下一页", "Page down";
    KeyPageUp => "上一页", "Page up";
    KeyHalfDown => "下翻半页", "Half page down";
    KeyHalfUp => "上翻半页", "Half page up";
    KeyOpen => "详情", "Open detail";
    KeyOpenCommissioner => "名下企业", "Their enterprises";
    KeyBack => "返回", "Back";
    KeyScreen1 => "培育库", "Pool screen";
    KeyScreen2 => "走访日程", "Agenda screen";
    KeyScreen3 => "三色预警", "Alerts screen";
    KeyScreen4 => "排名", "Ranking screen";
    KeyScreen5 => "高企认定", "Certificates screen";
    KeyScreen6 => "企业诉求", "Requests screen";
    KeyNextScreen => "下一屏", "Next screen";
    KeyPrevScreen => "上一屏", "Previous screen";
    KeySort => "排序列", "Sort column";
    KeySortReverse => "反向排序", "Reverse sort";
    KeyFilter => "筛选", "Filter";
    KeyClearFilter => "清除筛选", "Clear filters";
    KeySearch => "搜索", "Search (name, pinyin initials, credit code)";
    KeyNextMatch => "下一个匹配", "Next match";
    KeyPrevMatch => "上一个匹配", "Previous match";
    KeyNextPool => "切换培育库", "Next pool";
    KeyPrevYear => "上一年", "Previous year";
    KeyNextYear => "下一年", "Next year";
    KeyRollUp => "按区县汇总", "By district";
    KeyHelp => "帮助", "Help";
    KeyCommand => "命令", "Command line";
    KeyQuit => "退出", "Quit";
    NoMatch => "无匹配", "No match";
    UnknownSort => "未知排序列，可用", "Unknown sort column; use";
    UnknownLang => "未知语言，可用", "Unknown language; use";
    CommandWaitsForForm => "表单打开时只能用 :lang，其他命令请先保存或关闭表单", "Only :lang works over a form; save or close it for other commands";
    UnknownCommand => "未知命令", "Unknown command";
    All => "全部", "all";
    Loading => "加载中…", "loading…";
    TooSmall => "终端太小（至少需要 60x16）", "terminal too small (need 60x16)";
    HdrEnterprises => "企业", "enterprises";
    HdrWeekVisits => "本周待访", "visits this week";
    HdrOverdue => "逾期走访", "overdue visits";
    HdrBreached => "超24小时诉求", "requests past 24 h";
    HdrAsOf => "截至", "as of";
    HdrFilter => "筛选", "filter";
    HdrSearch => "搜索", "search";
    HdrMatches => "个匹配", "matches";
    HelpTitle => "帮助 — 按任意键关闭", "Help — any key closes";
    HelpCommands => ":goto 名称  :sort 列  :today 日期  :me 专员  :lang zh|en  :q", ":goto NAME  :sort COL  :today DATE  :me NAME  :lang zh|en  :q";
    FilterTitle => "筛选（Enter 选择，Esc 返回）", "Filter (Enter picks, Esc back)";
    Overdue => "逾期", "overdue";
    Today => "今天", "today";
    Expiring => "即将到期", "Expiring";
    Candidate => "认定储备", "Candidate";
    Empty => "（无）", "(none)";
    CalendarTitle => "本月计划走访", "Planned visits this month";
    FormDate => "日期", "Date";
    FormAttendees => "参加人员", "Attendees";
    FormNotes => "走访记录", "Notes";
    FormRequestCategory => "诉求类别", "Request type";
    FormRequestWord => "诉求", "Request";
    FormRequestText => "诉求内容", "Request";
    FormNextVisit => "下次走访", "Next visit";
    FormLogVisit => "记录走访", "Log visit";
    FormPlanVisit => "计划走访", "Plan visit";
    FormMoveVisit => "改期走访", "Move visit";
    FormCancelVisit => "取消走访", "Cancel visit";
    FormConfirm => "确认取消", "Really cancel";
    Yes => "是", "yes";
    No => "否", "no";
    FormNewEnterprise => "新增企业", "New enterprise";
    FormEditEnterprise => "编辑企业", "Edit enterprise";
    FormPhone => "联系电话", "Phone";
    FormMovePool => "调整培育库/批次/梯队", "Pool, batch and tier";
    FormMilestoneDone => "完成节点", "Milestone done";
    FormMilestone => "节点", "Milestone";
    FormNoOverride => "取消人工调整", "clear override";
    FormOverride => "调整预警颜色", "Override colour";
    FormRespond => "响应/办结诉求", "Respond to request";
    FormResolution => "办理情况", "Resolution";
    FormReasonRequired => "调整颜色需填写原因", "an override needs a reason";
    FormResolutionRequired => "办结需填写办理情况", "closing needs a resolution";
    FormRequired => "必填", "required";
    FormBadDate => "日期格式：2026-11-21、11-21、+7、今天、明天", "date: 2026-11-21, 11-21, +7, today, tomorrow";
    FormDiscard => "放弃修改？y 放弃，其他键继续编辑", "Discard changes? y discards, any other key keeps editing";
    FormNothingToChoose => "没有可选项", "nothing to choose";
    Saved => "已保存", "Saved";
    Undone => "已撤销", "Undone";
    // the file: read-only, waiting for another writer, no terminal
    NoTerminal => "苗圃的界面需要在终端中运行（标准输入或输出不是终端）；脚本中请用子命令，如 seedbed list、seedbed show（seedbed --help 列出全部）", "Seedbed's screen needs a terminal (standard input or output is not one); in scripts use the subcommands, e.g. seedbed list, seedbed show (seedbed --help lists them all)";
    DemoTooLarge => "演示库最多 2000000 家企业（--enterprises）", "a demo pool holds at most 2,000,000 enterprises (--enterprises)";
    ReadOnlyBadge => "只读", "read-only";
    ReadOnlyNoWrite => "只读：此文件不能修改", "Read-only: this file cannot be changed";
    SaveWaiting => "正在等待文件：另一个程序正在写入…（Esc 停止等待）", "Waiting for the file: another program is writing… (Esc stops waiting)";
    SaveGaveUp => "文件一直被另一个程序写入，未能保存；表单内容仍在，请稍后再按 Ctrl-S", "Another program kept writing the file, so nothing was saved; the form is still here, press Ctrl-S again later";
    Redone => "已重做", "Redone";
    NothingToUndo => "没有可撤销的修改", "Nothing to undo";
    NothingToRedo => "没有可重做的修改", "Nothing to redo";
    DraftFound => "发现未保存的草稿", "Unsaved draft found";
    DraftPrompt => "y 恢复 · n 丢弃", "y restore · n discard";
    ChooseMe => "请选择你的科技专员身份（Enter 确认）", "Who are you? Choose your commissioner record (Enter)";
    NoPlannedVisit => "该企业没有待办的计划走访", "This enterprise has no planned visit";
    KeyLogVisit => "记录走访", "Log a visit";
    KeyPlanVisit => "计划走访", "Plan a visit";
    KeyMoveVisit => "改期走访", "Move the planned visit";
    KeyCancelVisit => "取消走访", "Cancel the planned visit";
    KeyNewEnterprise => "新增企业", "Add an enterprise";
    KeyEditEnterprise => "编辑企业", "Edit the enterprise";
    KeyMovePool => "调整库/批次/梯队", "Pool, batch, tier";
    KeyMilestoneDone => "完成节点", "Mark a milestone done";
    KeyOverride => "调整预警颜色", "Override a project colour";
    KeyRespond => "响应诉求", "Respond to a request";
    KeyUndo => "撤销", "Undo";
    KeyRedo => "重做", "Redo";
    FormNewProject => "（新增项目）", "(new project)";
    FormProject => "新增/编辑项目", "Add or edit a project";
    FormProjectName => "项目名称", "Project name";
    FormProgramme => "计划类别", "Programme";
    FormBudget => "经费(万元)", "Budget (10k yuan)";
    FormStart => "开始日期", "Start";
    FormPlannedEnd => "计划结束日期", "Planned end";
    FormExtendedEnd => "延期至", "Extended to";
    FormAcceptanceApplied => "申请验收日期", "Acceptance applied";
    FormAcceptancePassed => "通过验收日期", "Acceptance passed";
    FormRisk => "风险提示", "Risk flag";
    FormAddMilestone => "新增节点", "Add a milestone";
    FormCertificate => "录入证书", "Record a certificate";
    FormCertKind => "证书类别", "Kind";
    FormIssued => "发证日期", "Issued";
    FormFigures => "录入年度数据", "Yearly figures";
    FormTotalIncome => "总收入(万元)", "Total income (10k yuan)";
    FormHightechIncome => "高新收入(万元)", "High-tech income (10k yuan)";
    FormRdDomestic => "境内研发(万元)", "R&D in China (10k yuan)";
    FormTotalAssets => "总资产(万元)", "Total assets (10k yuan)";
    FormLiabilities => "负债(万元)", "Liabilities (10k yuan)";
    FormIp1 => "Ⅰ类知识产权", "Class I IP";
    FormIp2 => "Ⅱ类知识产权", "Class II IP";
    FormResults => "成果转化数", "Results transferred";
    FormAnnualReport => "年报报送日期", "Annual report filed";
    FormBadNumber => "应为整数", "a whole number";
    FormBadAmount => "应为金额（万元），如 1234.5", "an amount in 10k yuan, e.g. 1234.5";
    KeyProject => "新增/编辑项目", "Add or edit a project";
    KeyMilestone => "新增节点", "Add a milestone";
    KeyCertificate => "录入证书", "Record a certificate";
    KeyFigures => "录入年度数据", "Enter yearly figures";
    ListSep => "，", ", ";
    GotoMany => "家企业匹配：n/N 切换，Enter 打开", "enterprises match: n/N to move, Enter opens";
    FormRdMgmt => "研发管理评分(0-20)", "R&D management score (0-20)";
    FormIncident => "重大安全/质量/环境事故", "Major incident";
    HdrDue => "待安排走访", "due, unplanned";
    HdrDueShort => "待排", "due";
    None => "无", "none";
    New => "新", "new";
    Never => "从未", "never";
    ScreenPoolShort => "培育库", "Pool";
    ScreenAgendaShort => "日程", "Agenda";
    ScreenAlertsShort => "预警", "Alerts";
    ScreenRankingShort => "排名", "Rank";
    ScreenCertsShort => "高企", "Certs";
    ScreenRequestsShort => "诉求", "Requests";
    TierTsmeShort => "科小", "TSME";
    TierInnovativeShort => "创新", "Innov.";
    TierHteShort => "高企", "HTE";
    TierLeaderShort => "领军", "Leader";
    PoolHteShort => "高企库", "HTE";
    PoolTsmeShort => "科小库", "TSME";
    PoolProjectShort => "项目库", "Proj.";
    BatchPreferredShort => "优选批", "prefer.";
    BatchCultivatingShort => "培育批", "cultiv.";
    BatchMatureShort => "成熟批", "mature";
    BatchDeclaringShort => "申报批", "declar.";
    ColCommissionerShort => "专员", "Commissioner";
    ColDistrictShort => "区县", "District";
    ColInnovationShort => "创新能力", "Innov.";
    ColParticipationShort => "参与度", "Partic.";
    HdrWeekVisitsShort => "本周", "week";
    HdrOverdueShort => "逾期", "overdue";
    HdrBreachedShort => "超时诉求", "24h+";
    HdrEnterprisesShort => "企业", "ent.";
    HdrRankingOf => "排名", "ranking";
    LblAmountUnit => "金额单位：万元", "amounts in 10k yuan";
    LblSalesShort => "销售收入", "Sales";
    LblRdShort => "研发费用", "R&D";
    LblNetAssetsShort => "净资产", "Net assets";
    LblIpShort => "知识产权Ⅰ/Ⅱ", "IP I/II";
    LblMore => "还有", "more";
    ColCertOrGaps => "证书 / 认定差距", "Certificate / gaps";
    ReadyToApply => "八项条件均符合，可申报", "all eight conditions pass: ready to apply";
    ScreenCommissioners => "专员考核", "Commissioners";
    ScreenTargets => "目标任务", "Targets";
    ScreenCommissionersShort => "专员", "Comm.";
    ScreenTargetsShort => "目标", "Targets";
    KeyScreen7 => "专员考核", "Commissioners screen";
    KeyScreen8 => "目标任务", "Targets screen";
    ColEnterprises => "企业数", "Enterprises";
    ColVisitsExpected => "应走访", "Expected";
    ColVisitsPlanned => "计划走访", "Planned";
    ColVisitsDone => "已走访", "Done";
    ColVisitsOverdue => "逾期走访", "Overdue";
    ColCadenceShare => "完成率", "Cadence";
    ColRequests => "诉求数", "Requests";
    ColRequestsHandled => "已办结", "Handled";
    ColMedianResponse => "响应中位(时)", "Median resp. (h)";
    ColBreaches => "超24小时", "24 h breaches";
    ColRedShare => "红色占比", "Red share";
    ColMetric => "指标", "Metric";
    ColTarget => "目标", "Target";
    ColActual => "实际", "Actual";
    ColLastYear => "上年", "Last year";
    ColProgress => "完成进度", "Progress";
    ColReward => "奖励类别", "Reward";
    ColAmountYuan => "金额(元)", "Amount (yuan)";
    ColEligibleOn => "取得日期", "Eligible on";
    ColPaid => "发放", "Paid";
    ColAction => "帮扶措施", "Action";
    ColUnit => "责任单位", "Unit";
    ColPerson => "责任人", "Person";
    ColDue => "期限", "Due";
    LblPaid => "已发放", "paid";
    LblUnpaid => "未发放", "unpaid";
    RewardDue => "奖励", "Reward";
    LblWholePool => "全区", "whole pool";
    LblOverdueDays => "逾期天数", "days overdue";
    FormSupportAction => "新增帮扶措施", "Add a support action";
    KeySupportAction => "帮扶措施（新增/修改/办结）", "Support action (add, edit, close)";
    LblSupport => "帮扶", "support";
    SecRewards => "奖励", "Rewards";
    LblYuan => "元", "yuan";
    SecSupport => "帮扶台账（一企一策）", "Support plan";
    SecOverdueActions => "逾期帮扶措施", "Overdue support actions";
    NoTargets => "本年度尚未设定目标", "No targets set for this year";
    FormSetTarget => "设定目标", "Set a target";
    KeyEditTarget => "修改目标", "Edit the target";
    KeyNewTarget => "新设目标", "New target";
    KeyBrief => "写出走访简报", "Write the pre-visit brief";
    BriefFolder => "走访简报", "briefs";
    BriefWritten => "简报已写出", "Brief written";
    FileChanged => "数据文件已被其他程序修改，已重新读取", "The file was changed by another program; read again";
    FormNewTarget => "新设目标", "New target";
    FormTargetByUnit => "目标值(万元/%)", "Target (10k yuan / %)";
    FormTargetValue => "目标值", "Target value";
    FormTargetWan => "目标值（万元）", "Target (10k yuan)";
    FormTargetPercent => "目标值（%）", "Target (%)";
    FormBadDecimal => "应为数字，如 6 或 5.5", "a number, e.g. 6 or 5.5";
    // figures (issue 14): renewed certificates, enterprises without active projects
    LblRenewed => "已重新认定", "renewed";
    LblHteCertificate => "高企证书", "HTE certificate";
    HdrNoProjects => "无项目", "no projects";
    HdrNoProjectsShort => "无项目", "no proj";
    // ledgers: support actions closed, rewards paid, pool status, commissioners
    FormSupportActionEdit => "帮扶措施（新增/修改/办结/取消）", "Support action (add, edit, close)";
    FormSupportActionSaved => "修改帮扶措施", "Support action updated";
    FormNewSupportAction => "（新增措施）", "(new action)";
    FormWhichAction => "选择措施", "Which action";
    FormClosedOn => "完成/取消日期", "Closed on";
    FormPayReward => "登记奖励发放", "Reward paid";
    KeyPayReward => "登记奖励发放", "Record a reward as paid";
    FormPaidOn => "发放日期", "Paid on";
    FormAmountWan => "金额(万元)", "Amount (10k yuan)";
    FormDocument => "拨付文号", "Document no.";
    ColPoolStatus => "入库状态", "Pool status";
    StatusInShort => "在库", "in";
    StatusLeavingShort => "退出中", "leaving";
    StatusOutShort => "已出库", "out";
    StatusFrozenShort => "冻结", "frozen";
    FormStatusOn => "状态日期", "Status since";
    FormStatusReasonRequired => "出库中、已出库、已冻结需填写原因", "leaving, out or frozen needs a reason";
    FormNewCommissioner => "新增专员", "New commissioner";
    FormEditCommissioner => "编辑专员", "Edit commissioner";
    KeyNewCommissioner => "新增专员", "Add a commissioner";
    KeyEditCommissioner => "编辑专员", "Edit the commissioner";
    FormCommissionerName => "姓名", "Name";
    // the first minute: who is at the keyboard
    ChooseMeKeys => "输入筛选 · ↑↓ 选择 · Enter 确认 · Esc/q 稍后再选", "type to filter · ↑↓ move · Enter choose · Esc/q decide later";
    ChooseMeFilter => "筛选", "filter";
    ChooseMeNoMatch => "（无匹配的专员）", "(no commissioner matches)";
    HdrMe => "专员", "commissioner";
    HdrMeUnknown => "未选择专员：修改记为“未知”（:me 选择）", "no commissioner chosen: changes are stamped “unknown” (:me chooses)";
    MeNoCommissioners => "此文件还没有专员：在 7 专员考核 按 a 新增，或 seedbed commissioner add 姓名", "This file has no commissioners yet: add one on 7 Commissioners with a, or seedbed commissioner add NAME";
    MeSessionOnly => "演示库：仅本次以此身份使用（不写入配置）", "Demo pool: for this session only (not kept in your config)";
    // review: the Review screen (issue 16)
    ScreenReview => "待核对", "Review";
    ScreenReviewShort => "核对", "Review";
    KeyScreen0 => "待核对", "Review screen";
    KeyOpenConflict => "核对（选定保留的值）", "Review (choose the value to keep)";
    KeyCloseChooser => "返回列表", "Back to the list";
    NoConflicts => "没有待核对的冲突", "No conflicts to review";
    ColRecord => "记录", "Record";
    ColField => "字段", "Field";
    ColProvisional => "暂用值", "Provisional";
    ColOtherValues => "其他值", "Other values";
    ColSources => "来源", "From";
    RvProvisional => "暂用", "provisional";
    RvNotRestorable => "此类记录删除后不能恢复，只能保留删除", "Records of this kind cannot come back: only the deletion can be kept";
    RvDeleted => "已删除", "deleted";
    RvEdited => "已修改", "edited";
    RvKeepDeleted => "保留删除", "Keep deleted";
    RvRestore => "恢复记录", "Restore";
    RvEmpty => "（空）", "(empty)";
    RvThisFile => "本文件", "this file";
    RvNobody => "未署名", "unsigned";
    RvResolved => "核对", "Review";
    // views: saved views
    KeyViews => "已存视图", "Saved views";
    // itinerary: the Agenda's keys
    KeyGrouping => "分组（按日、按周、按区县轮换）", "Group (by day, week or district in turn)";
    KeyMineOnly => "只看我的", "Mine only";
    KeyDayPlan => "当日计划（写出文档与日历文件）", "Day plan (written as Markdown and .ics)";
    // history: the History screen (变更记录) and the detail's timeline
    ScreenHistory => "变更记录", "History";
    ScreenHistoryShort => "变更", "History";
    KeyScreen9 => "变更记录", "History screen";
    ColWhen => "时间", "Time";
    ColWho => "操作人", "By";
    ColKind => "类型", "Kind";
    ColChange => "变更内容", "Change";
    NoChanges => "没有变更记录", "No changes logged";
    SecHistory => "变更记录", "History";
}

/// A change group's label in words: `log_visit 新疆…` → `记录走访 新疆…` (see `store::edit`).
pub fn change_label(label: &str, lang: Lang) -> String {
    let (code, rest) = label.split_once(' ').unwrap_or((label, ""));
    let (code, rest) = match code {
        "undo" | "redo" => rest.split_once(' ').unwrap_or((rest, "")),
        _ => (code, rest),
    };
    let word = match code {
        "log_visit" => Msg::FormLogVisit,
        "plan_visit" => Msg::FormPlanVisit,
        "move_visit" => Msg::FormMoveVisit,
        "cancel_visit" => Msg::FormCancelVisit,
        "milestone_done" => Msg::FormMilestoneDone,
        "override_colour" => Msg::FormOverride,
        "move_pool" => Msg::FormMovePool,
        "save_enterprise" => Msg::FormEditEnterprise,
        "add_enterprise" => Msg::FormNewEnterprise,
        "respond_request" => Msg::FormRespond,
        "save_project" => Msg::FormProject,
        "add_milestone" => Msg::FormAddMilestone,
        "add_certificate" => Msg::FormCertificate,
        "add_support_action" => Msg::FormSupportAction,
        "save_figures" => Msg::FormFigures,
        "set_target" => Msg::FormSetTarget,
        // ledgers
        "save_support_action" => Msg::FormSupportActionSaved,
        "pay_reward" => Msg::FormPayReward,
        "add_commissioner" => Msg::FormNewCommissioner,
        "save_commissioner" => Msg::FormEditCommissioner,
        // review
        "核对" => Msg::RvResolved,
        _ => return label.to_string(),
    };
    format!("{} {rest}", word.text(lang))
}

/// A user-facing error in the user's language, for the errors a user can cause (a missing or
/// foreign file, an unknown enterprise); others keep their English text.
pub fn error_text(e: &anyhow::Error, lang: Lang) -> String {
    use crate::store::StoreError as S;
    use crate::store::queries::LookupError as L;
    // import safety: file errors of import and export, in both languages.
    if let Some(f) = e.downcast_ref::<crate::interchange::FileError>() {
        return input_text::file_error(f, lang);
    }
    // ledgers: a refused ledger write has its words here in both languages.
    if let Some(S::Ledger(l)) = e.downcast_ref::<S>() {
        return ledgers_text::ledger_error(l, lang);
    }
    // git: the transport of `seedbed sync --git`.
    if let Some(g) = e.downcast_ref::<crate::interchange::git::GitFailure>() {
        return git_text::failure(g, lang);
    }
    if lang == Lang::En {
        return format!("{e:#}");
    }
    // backups: a failed backup or restore, a damaged file with the backup to restore
    if let Some(b) = e.downcast_ref::<crate::store::backup::BackupError>() {
        return backup_text::error(b, lang);
    }
    if let Some(c) = e.downcast_ref::<crate::store::backup::Corrupt>() {
        return backup_text::corrupt(c, lang);
    }
    if let Some(s) = e.downcast_ref::<S>() {
        return store_text::store_error_text(s, lang);
    }
    if e.is::<crate::interchange::import::Raced>() {
        return "导入检查期间文件一再被另一个程序写入，未导入任何内容，请稍后重试".into();
    }
    if let Some(u) = e.downcast_ref::<cli_text::UsageError>() {
        return cli_text::usage_text(u, lang);
    }
    // asof: a write asked for in the as-of view
    if let Some(a) = e.downcast_ref::<asof_text::AsOfWrite>() {
        return asof_text::as_of_write(a, lang);
    }
    if let Some(c) = e.downcast_ref::<crate::config::ConfigError>() {
        return match c {
            crate::config::ConfigError::Read { path, .. } => {
                format!("无法读取配置文件 {}", path.display())
            }
            crate::config::ConfigError::Write { path, .. } => {
                format!("无法写入配置文件 {}（请检查文件夹权限）", path.display())
            }
            crate::config::ConfigError::Invalid { path, message } => format!(
                "配置文件 {} 有误（{}）；请改正，或删除它以使用默认配置",
                path.display(),
                message.lines().next().unwrap_or_default()
            ),
        };
    }
    if let Some(l) = e.downcast_ref::<L>() {
        return match l {
            L::NotFound(q) => format!("没有匹配「{q}」的企业"),
            L::Ambiguous {
                query,
                count,
                examples,
            } => format!(
                "「{query}」匹配到 {count} 家企业（如 {examples}），请输入更完整的名称或信用代码"
            ),
        };
    }
    format!("{e:#}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Han characters, CJK punctuation and full-width forms: none belongs in an English text.
    fn is_cjk(c: char) -> bool {
        matches!(c,
            '\u{3000}'..='\u{303F}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{FF00}'..='\u{FFEF}')
    }

    /// Messages whose text is rightly the same in both languages (codes, symbols). Empty today:
    /// a message added here needs a reason.
    const SAME_IN_BOTH: &[Msg] = &[];

    #[test]
    fn every_message_has_both_languages() {
        for m in Msg::ALL {
            let (zh, en) = (m.text(Lang::Zh), m.text(Lang::En));
            assert!(!zh.is_empty(), "{m:?}");
            assert!(!en.is_empty(), "{m:?}");
            assert!(
                !en.chars().any(is_cjk),
                "{m:?}: the English text has Chinese in it: {en}"
            );
            if SAME_IN_BOTH.contains(m) {
                assert_eq!(zh, en, "{m:?} is listed as the same in both");
            } else {
                assert!(
                    zh.chars().any(is_cjk),
                    "{m:?}: the Chinese text has no Chinese in it (left in English?): {zh}"
                );
                assert_ne!(zh, en, "{m:?}");
            }
        }
    }

    #[test]
    fn cjk_is_told_from_latin() {
        assert!("终端太小".chars().all(is_cjk));
        assert!("（，。：）".chars().all(is_cjk));
        assert!(!"Terminal too small: 60x16 (ok)".chars().any(is_cjk));
    }

    #[test]
    fn locale_names_parse() {
        assert_eq!(Lang::parse("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(Lang::parse("en-US"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
    }
}
